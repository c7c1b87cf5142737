from djust import LiveView


class SearchView(LiveView):
    template_name = "search/results.html"

    def mount(self, request, **kwargs):
        self.query = ""


class ProductView(LiveView):
    template_name = "shop/product.html"

    def mount(self, request, pk=None, **kwargs):
        self.pk = pk
