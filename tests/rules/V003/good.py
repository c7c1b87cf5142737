from django.http import HttpRequest

from djust import LiveComponent, LiveView

from .storage import Volume


class ItemView(LiveView):
    template_name = "items/detail.html"

    def mount(self, request: HttpRequest, pk: int = 0, **kwargs):
        self.pk = pk
        self.editing = False


class SearchView(LiveView):
    template_name = "search/search.html"

    def mount(self, request, **kwargs):
        self.query = request.GET.get("q", "")


class Tag(LiveComponent):
    template = "<span class='tag'>{{ label }}</span>"

    def mount(self, label="", **kwargs):
        self.label = label


class Disk:
    """Not a view: mount() here attaches a volume."""

    def mount(self, path, read_only=False):
        self.path = path
        self.read_only = read_only


class ExternalDisk(Volume):
    def mount(self, device):
        self.device = device
