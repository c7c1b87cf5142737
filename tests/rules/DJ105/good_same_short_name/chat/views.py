from django.views.generic import TemplateView

from djust import LiveView
from djust.decorators import event_handler


class RoomView(LiveView):
    template_name = "chat/room.html"

    def mount(self, request, **kwargs):
        self.lines = []

    @event_handler()
    def refresh(self, **kwargs):
        self.lines = []


class RoomArchive(TemplateView):
    """A plain Django page showing the same template: djust never renders it."""

    template_name = "chat/room.html"
