from djust import LiveComponent, LiveView


class SearchView(LiveView):
    template_name = "search/results.html"

    def mount(self, request, **kwargs):
        self.query = kwargs.get("q", "")


class ProductView(LiveView):
    template_name = "shop/product.html"

    def mount(self, request, pk=None, **kwargs):
        self.pk = pk


class Counter(LiveComponent):
    template = "<span>{{ count }}</span>"

    def mount(self, count=0):
        self.count = count
