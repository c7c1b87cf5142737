from djust import LiveView
from djust.decorators import event_handler


class CounterView(LiveView):
    template = """
<section dj-view="app.views.CounterView" dj-root>
  <p>{{ count }}</p>
  <button dj-click="increment">Add one</button>
  {% live_render "app.views.ClockView" %}
</section>
"""

    def mount(self, request, **kwargs):
        self.count = 0

    @event_handler()
    def increment(self, **kwargs):
        self.count += 1


class ClockView(LiveView):
    """Embedded in CounterView's page, so it renders inside that page's root."""

    template = """
<span>{{ ticks }}</span>
<button dj-click="tick">Tick</button>
"""

    def mount(self, request, **kwargs):
        self.ticks = 0

    @event_handler()
    def tick(self, **kwargs):
        self.ticks += 1
