from djust import LiveView
from djust.decorators import event_handler
from djust.forms import FormMixin


class CartView(LiveView):
    template_name = "shop/cart.html"

    def mount(self, request, **kwargs):
        self.items = []

    @event_handler
    def delete_item(self, item_id: int = 0, **kwargs):
        self.items = [i for i in self.items if i != item_id]

    @event_handler
    def clear_cart(self, **kwargs):
        self.items = []

    def recalculate(self):
        return len(self.items)


class CounterView(LiveView):
    template = """<div dj-root>
  <button dj-click="incremnet">+</button>
</div>"""

    def mount(self, request, **kwargs):
        self.count = 0

    @event_handler
    def increment(self, **kwargs):
        self.count += 1


class ContactView(FormMixin, LiveView):
    template = """<form dj-submit="submit_form">
  <input name="email" dj-change="validate_field" aria-label="Email">
  <button type="button" dj-click="reset_form">Clear</button>
</form>"""
