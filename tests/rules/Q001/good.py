import logging

from django.core.management.base import BaseCommand

from djust import LiveView
from djust.decorators import event_handler

logger = logging.getLogger(__name__)


class CheckoutView(LiveView):
    template_name = "shop/checkout.html"

    def mount(self, request, **kwargs):
        logger.debug("mounting checkout for %s", request.user.pk)
        self.total = 0
        self.receipt = ""

    @event_handler()
    def print_receipt(self, **kwargs):
        self.receipt = self.render_receipt()
        self.push_event("print", {"html": self.receipt})

    def render_receipt(self):
        return "Total: %s" % self.total


class Command(BaseCommand):
    help = "Print the totals of open carts."

    def handle(self, *args, **options):
        print("Open carts:")
        self.stdout.write("done")
