from djust import LiveView
from djust.auth import LoginRequiredLiveViewMixin
from djust.decorators import event_handler

from .models import Project


class ProjectBoard(LoginRequiredLiveViewMixin, LiveView):
    template_name = "projects/board.html"

    def mount(self, request, **kwargs):
        self.projects = []

    @event_handler()
    def delete_project(self, project_id: int = 0, **kwargs):
        Project.objects.filter(pk=project_id).delete()
