from djust import LiveView
from djust.decorators import event_handler


class PickerView(LiveView):
    template_name = "picker.html"

    def mount(self, request, **kwargs):
        self.selected = 0

    @event_handler()
    def select(self, item_id: int = 0, **kwargs):
        self.selected = item_id
