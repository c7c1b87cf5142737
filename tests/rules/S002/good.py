import hashlib
import hmac

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST


def signature_ok(request):
    expected = hmac.new(settings.HOOK_SECRET.encode(), request.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, request.headers.get("X-Signature", ""))


# Called by the payment provider, which signs every request; signature_ok() checks it.
@csrf_exempt
@require_POST
def payment_hook(request):
    if not signature_ok(request):
        return HttpResponseForbidden()
    return HttpResponse(status=204)


# Machine-to-machine endpoint: callers authenticate with an HMAC header, not a session cookie.
@require_POST
@csrf_exempt
def metrics_push(request):
    return HttpResponse(status=204)


@csrf_exempt
def status_hook(request):
    """Exempt from CSRF: the monitoring service posts here without cookies or a session."""
    return JsonResponse({"ok": True})


@method_decorator(csrf_exempt, name="dispatch")  # token-authenticated API, no cookies
class DeviceApi(View):
    def post(self, request):
        return JsonResponse({"ok": signature_ok(request)})


@method_decorator(csrf_protect, name="dispatch")
class ContactView(View):
    def post(self, request):
        return JsonResponse({"sent": True})


urlpatterns = [
    path("hooks/payment/", payment_hook),
    # The legacy uploader cannot send a CSRF token; it signs its requests instead.
    path("hooks/legacy/", csrf_exempt(status_hook)),
    path("hooks/ping/", csrf_exempt(status_hook)),  # noqa: S002
]
