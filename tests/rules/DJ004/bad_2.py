"""flush_push_events() is a coroutine too; push_event() is not and needs no await."""
from djust import LiveView
from djust.decorators import event_handler


class ProgressView(LiveView):
    template_name = "jobs/progress.html"

    def mount(self, request, **kwargs):
        self.done = 0

    @event_handler()
    def step(self, **kwargs):
        self.done += 1
        self.push_event("progress", {"done": self.done})
        self.flush_push_events()

    @event_handler()
    async def finish(self, **kwargs):
        self.push_event("progress", {"done": self.done})
        self.flush_push_events()
        await self.flush_push_events()
