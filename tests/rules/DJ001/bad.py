import djust
from django.http import HttpRequest

from djust import LiveComponent, LiveView
from djust.components.base import LiveComponent as BaseComponent


class Badge(LiveComponent):
    template = "<span>{{ label }}</span>"

    def mount(self, request, label="", **kwargs):
        self.label = label


class UserMenu(BaseComponent):
    template_name = "components/user_menu.html"

    def mount(self, request: HttpRequest = None, **kwargs):
        self.items = []


class Tabs(djust.LiveComponent):
    template_name = "components/tabs.html"

    def mount(self, *, request=None, tabs=(), **kwargs):
        self.tabs = list(tabs)


class BaseWidget(LiveComponent):
    template = "<div></div>"


class Clock(BaseWidget):
    def mount(self, request, **kwargs):
        self.now = ""


# Not flagged: a LiveView's mount does receive the request.
class Page(LiveView):
    template_name = "page.html"

    def mount(self, request, **kwargs):
        self.title = ""
