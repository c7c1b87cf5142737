from djust import LiveView
from djust.decorators import event_handler


class RoomView(LiveView):
    template_name = "chat/room.html"

    def mount(self, request, **kwargs):
        self.lines = []

    @event_handler()
    def refresh(self, **kwargs):
        self.lines = []
