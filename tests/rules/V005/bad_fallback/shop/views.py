from djust import LiveView
from djust.decorators import event_handler


class CartView(LiveView):
    template_name = "shop/cart.html"

    def mount(self, request, **kwargs):
        self.items = []

    @event_handler()
    def remove_item(self, item_id: int = 0, **kwargs):
        self.items = [item for item in self.items if item != item_id]
