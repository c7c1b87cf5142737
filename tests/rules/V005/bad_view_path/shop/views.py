from djust import LiveView
from shop_internal.views import CartView, OrdersView

__all__ = ["CartView", "OrdersView", "WishlistView"]


class WishlistView(LiveView):
    # In an allowed module, but its page sends another path, which is refused.
    template_name = "shop/wishlist.html"

    def mount(self, request, **kwargs):
        self.wishes = []
