from djust import LiveView


class SearchView(LiveView):
    template_name = "search/results.html"

    def mount(self, request, **kwargs):
        self.query = ""
