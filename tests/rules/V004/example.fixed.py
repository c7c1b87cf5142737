from djust import LiveView
from djust.decorators import event_handler


class TodoView(LiveView):
    template_name = "todo/list.html"

    def mount(self, request, **kwargs):
        self.items = []

    @event_handler()
    def delete_item(self, item_id: int = 0, **kwargs):
        self.items = [item for item in self.items if item["id"] != item_id]
