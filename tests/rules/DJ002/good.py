from djust import LiveComponent, LiveView
from djust.decorators import action, event_handler, server_function


class TodoView(LiveView):
    template_name = "todo/list.html"

    def mount(self, request, **kwargs):
        self.items = {}
        self.query = ""

    @event_handler()
    def rename(self, item_id: int = 0, value: str = "", **kwargs):
        if item_id in self.items:
            self.items[item_id] = value.strip()

    @action(description="Move an item")
    def move(self, item_id: int = 0, *, position: int = 0, **kwargs):
        self.items[item_id] = position

    @event_handler()
    def search(self, value: str = "", *args, **kwargs):
        self.query = value

    @server_function()
    def suggest(self, prefix):
        return [name for name in self.items.values() if name.startswith(prefix)]

    def apply(self, item_id, value):
        self.items[item_id] = value


class Slider(LiveComponent):
    template = "<input type='range' aria-label='Level' value='{{ value }}' dj-input='slide'>"

    def mount(self, value=0, **kwargs):
        self.value = value

    @event_handler()
    def slide(self, value: float = 0.0, **kwargs):
        self.value = value
