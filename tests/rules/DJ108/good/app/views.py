from djust import LiveView
from djust.decorators import event_handler


class CounterView(LiveView):
    template_name = "app/counter.html"

    def mount(self, request, **kwargs):
        self.count = 0

    @event_handler()
    def increment(self, **kwargs):
        self.count += 1


class BadgeView(LiveView):
    template = """<div dj-root><span class="badge"><button dj-click="clear">{{ count }}</button></span></div>"""

    def mount(self, request, **kwargs):
        self.count = 0

    @event_handler()
    def clear(self, **kwargs):
        self.count = 0


class PageView(LiveView):
    template_name = "app/page.html"

    def mount(self, request, **kwargs):
        self.count = 0

    @event_handler()
    def increment(self, **kwargs):
        self.count += 1
