import logging

from django.utils import timezone

from djust import LiveView
from djust.decorators import action, debounce, event_handler, server_function
from djust.presence import PresenceMixin

logger = logging.getLogger(__name__)


class TodoView(PresenceMixin, LiveView):
    template_name = "todo/list.html"
    tick_interval = 5000

    def mount(self, request, **kwargs):
        self.items = []
        self.filter = ""
        self.updated_at = timezone.now().isoformat()

    def handle_params(self, params, uri):
        self.filter = params.get("filter", "")

    def handle_tick(self):
        self.updated_at = timezone.now().isoformat()

    def handle_presence_join(self, presence):
        logger.info("%s joined the list", presence["id"])

    @event_handler
    def add_item(self, text: str = "", **kwargs):
        self.items.append(text)

    @event_handler()
    @debounce(wait=0.3)
    def update_filter(self, value: str = "", **kwargs):
        self.filter = value

    @action(description="Remove every finished item")
    def remove_done(self, **kwargs):
        self.items = [item for item in self.items if not item.startswith("x ")]

    @server_function()
    def open_count(self, **kwargs):
        return len(self.items)

    @property
    def open_items(self):
        return [item for item in self.items if not item.startswith("x ")]

    @staticmethod
    def update_stamp(value):
        return value.strip()

    def _handle_failure(self, error):
        logger.warning("todo update failed: %s", error)
