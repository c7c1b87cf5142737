from django import forms
from django.views.generic import TemplateView

from djust import LiveComponent, LiveView
from djust.decorators import event_handler


class SearchForm(forms.Form):
    query = forms.CharField()


class Badge(LiveComponent):
    template = "<span>{{ label }}</span>"


class RoomView(LiveView):
    template_name = "app/room.html"

    def mount(self, request, **kwargs):
        self.messages = []

    @event_handler()
    def send(self, **kwargs):
        self.messages.append("hi")


class RoomPreview(TemplateView):
    """A plain Django page showing the same template: not a renderer djust knows of."""

    template_name = "app/room.html"


class LobbyView(LiveView):
    template_name = "app/lobby.html"

    def mount(self, request, **kwargs):
        self.rooms = []


class SearchView(LiveView):
    template_name = "app/search.html"

    def mount(self, request, **kwargs):
        self.query = ""


class BadgeView(LiveView):
    template = """
<div dj-view="app.views.BadgeView" dj-root>{{ count }}</div>
"""

    def mount(self, request, **kwargs):
        self.count = 0
