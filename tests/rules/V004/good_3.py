"""Near-misses outside a plain LiveView: components, framework callbacks, other classes."""
from django.db import models

from djust import LiveComponent, LiveView
from djust.decorators import event_handler
from djust.wizard import WizardMixin

from .panels import ProjectPanel


class Rating(LiveComponent):
    template = "<div dj-click=\"select_star\">{{ value }}</div>"

    def mount(self, value=0, **kwargs):
        self.value = value

    @event_handler()
    def select_star(self, value: int = 0, **kwargs):
        self.value = value


class SignupWizard(WizardMixin, LiveView):
    template_name = "accounts/signup.html"

    def mount(self, request, **kwargs):
        self.done = False

    def on_wizard_complete(self, step_data):
        self.done = True


class Order(models.Model):
    total = models.DecimalField(max_digits=10, decimal_places=2)

    def update_total(self, amount):
        self.total = amount

    def save_snapshot(self):
        return {"total": str(self.total)}


class Cart:
    def add_item(self, item):
        self.item = item


class SidePanel(ProjectPanel):
    def open_panel(self, **kwargs):
        self.open = True
