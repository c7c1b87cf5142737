from djust import LiveView


class CartView(LiveView):
    # Defined outside the allowed modules, but its page names the allowed re-export with dj-view.
    template_name = "shop/cart.html"

    def mount(self, request, **kwargs):
        self.items = []


class OrdersView(LiveView):
    # No dj-view on its page: djust stamps shop_internal.views.OrdersView, which is refused.
    template_name = "shop/orders.html"

    def mount(self, request, **kwargs):
        self.orders = []
