from djust import LiveView


class AppView(LiveView):
    """The project's own base: every page gets the signed-in user."""

    def mount(self, request, **kwargs):
        self.user = request.user
