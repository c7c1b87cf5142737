from django import template
from django.utils import safestring
from django.utils.html import mark_safe as trusted
from django.utils.safestring import mark_safe

from djust import LiveView

register = template.Library()


@register.simple_tag
def badge(label, color):
    return mark_safe(f'<span class="badge bg-{color}">{label}</span>')


@register.filter
def highlight(text, css_class):
    return mark_safe('<mark class="%s">%s</mark>' % (css_class, text))


@register.simple_tag
def avatar(user):
    return safestring.mark_safe("<img alt='{}' src='{}'>".format(user.username, user.avatar_url))


@register.simple_tag
def link(url, title):
    return trusted(
        f'<a href="{url}">'
        f"{title}</a>"
    )


class ProfileView(LiveView):
    template_name = "profiles/profile.html"

    def mount(self, request, **kwargs):
        self.bio = mark_safe(("<p>%s</p>") % request.user.profile.bio)
        self.name = mark_safe(("<b>{}</b>").format(request.user.get_full_name()))
