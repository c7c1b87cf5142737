from djust import LiveView


class FrontView(LiveView):
    template_name = "shopfront/front.html"

    def mount(self, request, **kwargs):
        self.banner = ""
