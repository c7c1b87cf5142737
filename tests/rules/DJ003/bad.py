from django.db.models import QuerySet

from djust import LiveComponent, LiveView
from djust.decorators import event_handler

from .models import Category, Order, Product


class ShopView(LiveView):
    template_name = "shop/index.html"

    def mount(self, request, **kwargs):
        self.products = Product.objects.filter(active=True)
        self.categories: QuerySet = Category.objects.all()
        self.orders = Order.objects.filter(customer=request.user).order_by("-created")
        self.recent = Order.objects.order_by("-created")[:5]
        self.names = Product.objects.values_list("name", flat=True)

    @event_handler()
    def filter_category(self, category_id: int = 0, **kwargs):
        self.products = Product.objects.filter(category_id=category_id).select_related("category")


class ProductPicker(LiveComponent):
    template_name = "components/product_picker.html"

    def mount(self, category_id=0, **kwargs):
        self.choices = Product.objects.filter(category_id=category_id).only("id", "name")
