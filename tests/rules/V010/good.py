from django import forms
from django.views.generic import TemplateView

from djust import LiveView
from djust.auth import LoginRequiredMixin
from djust.forms import FormMixin
from djust.presence import LiveCursorMixin, PresenceMixin
from djust.tutorials import TutorialMixin

from .mixins import AuditMixin


class FeedbackForm(forms.Form):
    message = forms.CharField(max_length=500)


class Tour(TutorialMixin, LiveView):
    template_name = "onboarding/tour.html"

    def mount(self, request, **kwargs):
        self.step = 0


class Whiteboard(LoginRequiredMixin, PresenceMixin, LiveCursorMixin, LiveView):
    template_name = "boards/whiteboard.html"

    def mount(self, request, **kwargs):
        self.shapes = []


class Feedback(AuditMixin, FormMixin, LiveView):
    template_name = "feedback/form.html"
    form_class = FeedbackForm

    def mount(self, request, **kwargs):
        self.sent = False


class Landing(TemplateView, AuditMixin):
    """A plain Django view: V010 is about LiveViews only."""

    template_name = "landing.html"
