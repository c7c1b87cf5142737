from django.db.models.signals import post_save
from django.dispatch import receiver

from djust import LiveComponent, LiveView
from djust.decorators import action, event_handler, server_function

from .models import Product


class CartView(LiveView):
    template_name = "shop/cart.html"

    def mount(self, request, **kwargs):
        self.lines = []
        self.coupon = ""

    @event_handler
    def clear(self, **kwargs):
        self.lines = []

    @event_handler()
    def remove_line(self, line_id: int = 0, **kwargs):
        self.lines = [line for line in self.lines if line["id"] != line_id]

    @action(description="Apply a coupon")
    def apply_coupon(self, code: str = "", **kw):
        self.coupon = code.strip().upper()

    @event_handler()
    async def checkout(self, **kwargs):
        self.lines = []

    @server_function()
    def price_of(self, product_id: int = 0):
        product = Product.objects.filter(pk=product_id).first()
        return str(product.price) if product else None

    def total(self):
        return sum(line["price"] * line["quantity"] for line in self.lines)


class Stepper(LiveComponent):
    template = "<button dj-click=\"step\">{{ count }}</button>"

    def mount(self, count=0, **kwargs):
        self.count = count

    @event_handler()
    def step(self, by: int = 1, **kwargs):
        self.count += by


@receiver(post_save, sender=Product)
def product_saved(sender, instance, created=False, **kwargs):
    instance.refresh_from_db()
