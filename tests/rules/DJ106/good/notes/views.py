from djust import LiveView
from djust.decorators import event_handler


class NotesView(LiveView):
    template_name = "notes/list.html"

    def mount(self, request, **kwargs):
        self.notes = []

    @event_handler
    def add_note(self, text: str = "", **kwargs):
        self.notes.append(text)

    @event_handler
    def archive_all(self, **kwargs):
        self.notes = []
