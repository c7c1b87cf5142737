import djust
from djust import LiveView
from djust import LiveView as LV
from djust.decorators import debounce, event_handler


class TodoView(LiveView):
    template_name = "todo/list.html"

    def mount(self, request, **kwargs):
        self.items = []

    @event_handler()
    def add_item(self, text: str = "", **kwargs):
        self.items.append(text)

    @event_handler()
    def toggle_done(self, index: int = 0, **kwargs):
        self.items[index] = self.items[index]

    @event_handler()
    @debounce(wait=0.5)
    def update_filter(self, value: str = "", **kwargs):
        self.filter = value

    @event_handler()
    async def handle_search(self, value: str = "", **kwargs):
        self.query = value

    @event_handler()
    def clear(self, **kwargs):
        self.items = []


class SettingsView(LV):
    template_name = "settings/form.html"

    def mount(self, request, **kwargs):
        self.open = False

    @event_handler()
    def open_panel(self, **kwargs):
        self.open = True


class BoardView(djust.LiveView):
    template_name = "board/board.html"

    def mount(self, request, **kwargs):
        self.cards = []

    @event_handler()
    def on_drop(self, card_id: int = 0, **kwargs):
        self.cards.append(card_id)
