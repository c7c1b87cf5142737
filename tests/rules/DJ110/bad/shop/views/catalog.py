from djust import LiveView


class CatalogView(LiveView):
    template_name = "shop/catalog.html"

    def mount(self, request, **kwargs):
        self.products = []
