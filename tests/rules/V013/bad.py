import djust
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect

from djust import LiveView
from djust import LiveView as LV


class Dashboard(LiveView):
    template_name = "reports/dashboard.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class Checkout(LV):
    template_name = "shop/checkout.html"

    def get(self, request, *args, **kwargs):
        self.started = True
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return HttpResponseRedirect("/thanks/")


class BaseWizard(djust.LiveView):
    abstract = True

    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


class SignupWizard(BaseWizard):
    template_name = "accounts/signup.html"

    async def get(self, request, *args, **kwargs):
        return await super().get(request, *args, **kwargs)
