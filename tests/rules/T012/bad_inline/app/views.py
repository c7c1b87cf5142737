from djust import LiveView
from djust.decorators import event_handler


class CounterView(LiveView):
    template = """
<section>
  <p>{{ count }}</p>
  <button dj-click="increment">Add one</button>
</section>
"""

    def mount(self, request, **kwargs):
        self.count = 0

    @event_handler()
    def increment(self, **kwargs):
        self.count += 1
