from djust import LiveComponent, LiveView, decorators
from djust.decorators import action, event_handler
from djust.decorators import event_handler as eh


class TodoView(LiveView):
    template_name = "todo/list.html"

    def mount(self, request, **kwargs):
        self.items = {}

    @event_handler()
    def rename(self, item_id: int, value: str, **kwargs):
        self.items[item_id] = value

    @event_handler
    def delete(self, item_id, *args, **kwargs):
        self.items.pop(item_id, None)

    @action(description="Move an item")
    def move(self, item_id: int = 0, *, position: int, **kwargs):
        self.items[item_id] = position

    @eh()
    async def tag(self, tag, **kwargs):
        self.items[tag] = tag

    @decorators.event_handler(params=["value"])
    def search(self, value, **kwargs):
        self.query = value


class Slider(LiveComponent):
    template = "<input type='range' value='{{ value }}'>"

    def mount(self, value=0, **kwargs):
        self.value = value

    @event_handler()
    def slide(self, value: float, **kwargs):
        self.value = value
