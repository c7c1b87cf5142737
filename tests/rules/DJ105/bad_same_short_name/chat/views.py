from django.views.generic import TemplateView

from djust import LiveView


class RoomView(LiveView):
    template_name = "chat/room.html"

    def mount(self, request, **kwargs):
        self.lines = []

    def refresh(self):
        self.lines = []


class RoomArchive(TemplateView):
    """A plain Django page showing the same template: djust never renders it."""

    template_name = "chat/room.html"
