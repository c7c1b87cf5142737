import djust
from djust import LiveComponent, LiveView
from djust import LiveView as LV
from djust.presence import PresenceMixin


class ClockView(LiveView):
    template_name = "clock/clock.html"


class AboutView(LV):
    template_name = "pages/about.html"


class StatusView(djust.LiveView):
    template = "<div dj-view dj-root>ok</div>"


class OnlineView(PresenceMixin, LiveView):
    template_name = "presence/online.html"


class BaseReport(LiveView):
    template_name = "reports/base.html"


class SalesReport(BaseReport):
    pass


# Not flagged: mount inherited from an in-file parent.
class BaseList(LiveView):
    def mount(self, request, **kwargs):
        self.items = []


class OrderList(BaseList):
    template_name = "orders/list.html"


# Not flagged: components are mounted differently, and abstract bases are not views.
class Badge(LiveComponent):
    template = "<span>{{ label }}</span>"


class AbstractPage(LiveView):
    abstract = True
