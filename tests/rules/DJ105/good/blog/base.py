from djust import LiveView
from djust.decorators import event_handler


class PagedView(LiveView):
    abstract = True

    @event_handler
    def next_page(self, **kwargs):
        self.page += 1
