from djust import LiveView


class StatusView(LiveView):
    template_name = "status.html"

    def mount(self, request, **kwargs):
        self.ok = True
