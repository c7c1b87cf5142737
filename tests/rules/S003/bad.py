import json

from djust import LiveView
from djust.decorators import event_handler

from .models import Item


def load_settings(raw):
    try:
        return json.loads(raw)
    except:
        pass
    return {}


class ItemsView(LiveView):
    template_name = "items/list.html"

    def mount(self, request, **kwargs):
        self.items = []

    @event_handler()
    def delete_item(self, item_id: int = 0, **kwargs):
        try:
            Item.objects.get(pk=item_id).delete()
        except:
            # the item may already be gone
            pass

    @event_handler()
    def refresh(self, **kwargs):
        try:
            self.items = list(Item.objects.values("id", "name"))
        except ValueError:
            self.items = []
        except:  pass
