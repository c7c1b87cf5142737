from djust.decorators import event_handler

from .base import RoomBase


class RoomView(RoomBase):
    template_name = "rooms/room.html"

    @event_handler
    def send_message(self, text: str = "", **kwargs):
        self.messages.append({"id": len(self.messages), "text": text})

    @event_handler
    def delete_message(self, message_id: int = 0, **kwargs):
        self.messages = [m for m in self.messages if m["id"] != message_id]
