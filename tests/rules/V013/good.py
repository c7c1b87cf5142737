from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.views import View

from djust import LiveView


class Dashboard(LiveView):
    template_name = "reports/dashboard.html"
    permission_required = "reports.view_dashboard"

    def mount(self, request, **kwargs):
        self.period = kwargs.get("period", "month")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Report for {self.period}"
        return context


class StaffOnly(LiveView):
    template_name = "staff/home.html"

    def check_permissions(self, request):
        if not request.user.is_staff:
            raise PermissionDenied

    def mount(self, request, **kwargs):
        self.tasks = []


class TracedBase(LiveView):
    """Framework-level base for this project's views, never routed itself."""

    abstract = True

    def dispatch(self, request, *args, **kwargs):
        request.trace_id = request.headers.get("X-Trace-Id", "")
        return super().dispatch(request, *args, **kwargs)


class HealthCheck(View):
    def get(self, request, *args, **kwargs):
        return JsonResponse({"ok": True})

    def post(self, request, *args, **kwargs):
        return JsonResponse({"ok": True})
