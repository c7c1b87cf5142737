from django.utils import timezone

from djust import LiveView
from djust.presence import PresenceMixin

from .base import ProjectBaseView


class ClockView(LiveView):
    template_name = "clock/clock.html"
    tick_interval = 1000

    def mount(self, request, **kwargs):
        self.now = timezone.now().isoformat()

    def handle_tick(self):
        self.now = timezone.now().isoformat()


class BaseDashboard(LiveView):
    """Shared setup; concrete dashboards below only pick a template."""

    abstract = True

    def mount(self, request, **kwargs):
        self.widgets = []


class SalesDashboard(BaseDashboard):
    template_name = "dashboards/sales.html"


class OnlineView(PresenceMixin, LiveView):
    template_name = "presence/online.html"

    def mount(self, request, **kwargs):
        self.room = kwargs.get("room", "lobby")


# The base class lives elsewhere in the project and may define mount().
class ProjectPage(ProjectBaseView):
    template_name = "pages/project.html"


class StaticHelp(LiveView):  # noqa: V002
    template_name = "help/static.html"
