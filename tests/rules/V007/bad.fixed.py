import djust
from djust import LiveComponent, LiveView, decorators
from djust.decorators import action, event_handler
from djust.decorators import event_handler as eh


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
    def apply_coupon(self, code: str = "", *args, **kwargs):
        self.coupon = code

    @eh(params=["quantity"])
    def set_quantity(self, line_id: int = 0, *, quantity: int = 1, **kwargs):
        self.lines[line_id]["quantity"] = quantity

    @decorators.event_handler()
    async def checkout(self, **kwargs):
        self.lines = []

    @djust.decorators.event_handler()
    def note(
        self,
        value: str = "",
        **kwargs,
    ):
        self.coupon = value


class Stepper(LiveComponent):
    template = "<span>{{ count }}</span>"

    def mount(self, count=0, **kwargs):
        self.count = count

    @event_handler()
    def step(self, by: int = 1, **kwargs):
        self.count += by
