from django.db.models import Sum

from djust import LiveView
from djust.decorators import event_handler

from .models import Category, Order, Product


class ShopView(LiveView):
    template_name = "shop/index.html"

    def mount(self, request, **kwargs):
        self._products = Product.objects.filter(active=True)
        self.categories = list(Category.objects.values("id", "name"))
        self.order_count = Order.objects.filter(customer=request.user).count()
        self.latest = Order.objects.filter(customer=request.user).first()
        self.has_orders = Order.objects.filter(customer=request.user).exists()
        self.revenue = Order.objects.aggregate(total=Sum("amount"))["total"] or 0
        self.featured = Product.objects.get(slug="featured")
        self.top_names = [p.name for p in Product.objects.order_by("-sales")[:3]]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["products"] = list(self._products.values("id", "name", "price"))
        return context

    @event_handler()
    def filter_category(self, category_id: int = 0, **kwargs):
        self._products = Product.objects.filter(active=True, category_id=category_id)


class ProductTable:
    """Not a view: a plain helper may hold a QuerySet."""

    def __init__(self):
        self.rows = Product.objects.all()
