from djust import LiveView
from djust import LiveView as LV

from .mixins import SharedTemplateMixin


class CounterView(LiveView):
    template_name = "counter/counter.html"

    def mount(self, request, **kwargs):
        self.count = 0


class InlineView(LV):
    template: str = "<div dj-root>{{ count }}</div>"

    def mount(self, request, **kwargs):
        self.count = 0


class BaseList(LiveView):
    abstract = True

    def mount(self, request, **kwargs):
        self.items = []


class Parent(LiveView):
    def mount(self, request, **kwargs):
        self.items = []


class ItemList(Parent):
    template_name = "items/list.html"


class FromMixin(SharedTemplateMixin, LiveView):
    def mount(self, request, **kwargs):
        self.count = 0


class Dynamic(LiveView):
    def get_template_names(self):
        return ["dynamic.html"]

    def mount(self, request, **kwargs):
        self.count = 0
