from djust import LiveComponent, LiveView
from djust.decorators import event_handler


class Badge(LiveComponent):
    template = '<span class="badge">{{ label }}</span>'

    def mount(self, label="", tone="neutral", **kwargs):
        self.label = label
        self.tone = tone


class UserMenu(LiveComponent):
    template_name = "components/user_menu.html"

    def mount(self, user_name="", items=(), **kwargs):
        self.user_name = user_name
        self.items = list(items)
        self.open = False

    @event_handler()
    def toggle_menu(self, **kwargs):
        self.open = not self.open


class Page(LiveView):
    template_name = "page.html"

    def mount(self, request, **kwargs):
        self.user_name = request.user.get_short_name()
