from djust import LiveView


class PageView(LiveView):
    """Shared by the app's views; mounted only as its subclasses."""

    def mount(self, request, **kwargs):
        self.title = ""


class WidgetView(LiveView):
    abstract = True
