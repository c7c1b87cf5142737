from djust import LiveView


class RoomView(LiveView):
    template_name = "chat/room.html"

    def mount(self, request, **kwargs):
        self.lines = []
