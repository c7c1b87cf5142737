from djust import LiveView
from djust.auth import LoginRequiredMixin, PermissionRequiredMixin
from djust.decorators import event_handler

from .models import Member


class TeamBase(LoginRequiredMixin, LiveView):
    abstract = True


class TeamMembers(TeamBase):
    template_name = "teams/members.html"

    def mount(self, request, **kwargs):
        self.members = []

    @event_handler()
    async def remove_member(self, member_id: int = 0, **kwargs):
        await Member.objects.filter(pk=member_id).adelete()


class Settings(PermissionRequiredMixin, LiveView):
    template_name = "settings/edit.html"

    def mount(self, request, **kwargs):
        self.saved = False

    @event_handler()
    def save_settings(self, **kwargs):
        self.saved = True
