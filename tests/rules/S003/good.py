import contextlib
import json
import logging

from django.db import transaction

from djust import LiveView
from djust.decorators import event_handler

from .models import Item

logger = logging.getLogger(__name__)


def load_settings(raw):
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        pass
    return {}


def cleanup(path):
    try:
        path.unlink()
    except:  # noqa: S003 - best effort during interpreter shutdown
        pass


class ItemsView(LiveView):
    template_name = "items/list.html"

    def mount(self, request, **kwargs):
        self.items = []
        self.error = ""

    @event_handler()
    def delete_item(self, item_id: int = 0, **kwargs):
        try:
            Item.objects.get(pk=item_id).delete()
        except Item.DoesNotExist:
            self.error = "That item was already deleted."

    @event_handler()
    def import_items(self, value: str = "", **kwargs):
        try:
            with transaction.atomic():
                Item.objects.bulk_create(Item(name=name) for name in json.loads(value))
        except Exception:
            logger.exception("import failed")
            self.error = "The import failed."
        except:
            self.error = "Interrupted."
            raise

    @event_handler()
    def forget(self, key: str = "", **kwargs):
        with contextlib.suppress(KeyError):
            del self.request.session[key]
