from djust import LiveView


class LegacyCatalogView(LiveView):
    template_name = "shop/legacy.html"

    def mount(self, request, **kwargs):
        self.products = []
