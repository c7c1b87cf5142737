from djust import *
from djust.decorators import *


class ChatView(LiveView):
    template_name = "chat/room.html"

    def mount(self, request, **kwargs):
        self.messages = []

    @event_handler()
    def send(self, text: str = "", **kwargs):
        self.messages.append(text)

    @event_handler()
    def submit_report(self, message_id: int = 0, **kwargs):
        self.reported = message_id
