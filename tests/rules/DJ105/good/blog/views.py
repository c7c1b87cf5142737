from django import forms

from djust.decorators import event_handler
from djust.forms import FormMixin

from .base import PagedView


class CommentForm(forms.Form):
    body = forms.CharField()


class PostListView(FormMixin, PagedView):
    template_name = "blog/posts.html"
    form_class = CommentForm

    def mount(self, request, **kwargs):
        super().mount(request, **kwargs)
        self.page = 1
        self.query = ""

    @event_handler
    def search(self, value: str = "", **kwargs):
        self.query = value
