from djust import LiveComponent, LiveView
from djust.decorators import event_handler


class BaseEditor(LiveView):
    abstract = True

    @event_handler()
    def save_draft(self, **kwargs):
        pass


class PostEditor(BaseEditor):
    template_name = "posts/editor.html"

    def mount(self, request, **kwargs):
        self.body = ""

    @event_handler()
    def cancel_edit(self, **kwargs):
        self.body = ""


class Rating(LiveComponent):
    template = "<div>{{ value }}</div>"

    def mount(self, value=0, **kwargs):
        self.value = value

    @event_handler()
    def select_star(self, value: int = 0, **kwargs):
        self.value = value
