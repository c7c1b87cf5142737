"""Other ways of spelling the same imports."""
import djust.decorators
from djust import LiveView as LV
from djust import decorators
from djust.decorators import event_handler as eh


class NotesView(LV):
    template_name = "notes/list.html"

    def mount(self, request, **kwargs):
        self.notes = []
        self.selected = 0

    @decorators.event_handler()
    def add_note(self, text: str = "", **kwargs):
        self.notes.append(text)

    @djust.decorators.event_handler
    def delete_note(self, index: int = 0, **kwargs):
        del self.notes[index]

    @eh()
    def select_note(self, index: int = 0, **kwargs):
        self.selected = index

    @decorators.action()
    def clear_notes(self, **kwargs):
        self.notes = []

    def toggle_pin(self, index: int = 0, **kwargs):  # noqa: V004
        self.selected = index
