from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from djust import LiveView

from .icons import ICONS

register = template.Library()

SPINNER = mark_safe('<span class="spinner" aria-hidden="true"></span>')


@register.simple_tag
def badge(label, color):
    return format_html('<span class="badge bg-{}">{}</span>', color, label)


@register.simple_tag
def tag_list(tags):
    return format_html_join("", "<li>{}</li>", ((tag.name,) for tag in tags))


@register.simple_tag
def icon(name):
    # ICONS holds SVG markup shipped with the app, never user input.
    return mark_safe(f'<i class="icon">{ICONS[name]}</i>')  # noqa: S001


@register.simple_tag
def card(item):
    return mark_safe(render_to_string("components/card.html", {"item": item}))


class ProfileView(LiveView):
    template_name = "profiles/profile.html"

    def mount(self, request, **kwargs):
        self.greeting = "Hello, %s" % request.user.get_short_name()
        self.bio_html = format_html("<p>{}</p>", request.user.profile.bio)
