import djust
from djust import LiveView
from djust import LiveView as LV


class ItemView(LiveView):
    template_name = "items/detail.html"

    def mount(self, item_id, **kwargs):
        self.item_id = item_id


class SearchView(LV):
    template_name = "search/search.html"

    def mount(self, req, **kwargs):
        self.query = req.GET.get("q", "")


class InboxView(djust.LiveView):
    template_name = "inbox/inbox.html"

    def mount(self, **kwargs):
        self.messages = []


class BaseView(LiveView):
    abstract = True


class ProfileView(BaseView):
    template_name = "profile/profile.html"

    def mount(self):
        self.name = ""
