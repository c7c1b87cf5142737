from djust import LiveView


class DraftsView(LiveView):
    template_name = "blog/drafts.html"

    def mount(self, request, **kwargs):
        self.drafts = []
