import sys

from djust import LiveComponent, LiveView
from djust.decorators import event_handler


class CheckoutView(LiveView):
    template_name = "shop/checkout.html"

    def mount(self, request, **kwargs):
        print("mounting checkout for", request.user)
        self.total = 0

    @event_handler()
    def pay(self, **kwargs):
        def report(amount):
            print(f"charging {amount}", file=sys.stderr)

        report(self.total)


class PriceTag(LiveComponent):
    template = "<span>{{ price }}</span>"

    def mount(self, price=0, **kwargs):
        self.price = price
        print(self.price)


def debug_dump(view):
    print(vars(view))
