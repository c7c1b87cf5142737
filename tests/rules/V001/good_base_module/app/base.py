from djust import LiveView


class DashboardBase(LiveView):
    def mount(self, request, **kwargs):
        self.widgets = []
