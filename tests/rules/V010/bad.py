import djust
import djust.tutorials
from djust import LiveView
from djust import LiveView as LV
from djust.auth import LoginRequiredMixin
from djust.forms import FormMixin as FM
from djust.presence import PresenceMixin
from djust.uploads import UploadMixin


class Tour(LiveView, djust.tutorials.TutorialMixin):
    template_name = "onboarding/tour.html"


class Editor(LV, PresenceMixin, FM):
    template_name = "docs/editor.html"


class Account(djust.LiveView, LoginRequiredMixin):
    template_name = "accounts/account.html"


class BaseGallery(LiveView):
    abstract = True


class Gallery(BaseGallery, UploadMixin):
    template_name = "gallery/gallery.html"


# Not flagged: the mixin comes first.
class Chat(PresenceMixin, LiveView):
    template_name = "chat/room.html"
