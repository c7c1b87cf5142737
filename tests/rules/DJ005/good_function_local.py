from djust import LiveView
from djust.testing import LiveViewTestClient


def test_mount_without_route_kwargs():
    # A class defined in a test is mounted by the test, never through a URL route.
    class CounterView(LiveView):
        template_name = "counter.html"

        def mount(self, request):
            self.count = 0

    LiveViewTestClient(CounterView).mount()
