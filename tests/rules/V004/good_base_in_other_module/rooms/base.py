from core.base import AppView


class RoomBase(AppView):
    def mount(self, request, **kwargs):
        super().mount(request, **kwargs)
        self.messages = []
