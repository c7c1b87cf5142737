from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators import csrf
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@csrf_exempt
def ping(request):
    return HttpResponse("pong")


@csrf.csrf_exempt
def upload(request):
    return JsonResponse({"ok": True})


@require_POST
@csrf_exempt  # noqa: E501
def legacy_hook(request):
    return HttpResponse(status=204)


@method_decorator(csrf_exempt, name="dispatch")
class ApiView(View):
    def post(self, request):
        return JsonResponse({"ok": True})


class ImportView(View):
    @method_decorator(csrf_exempt)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


@method_decorator([csrf_exempt, require_POST], name="dispatch")
class BatchView(View):
    def post(self, request):
        return JsonResponse({"ok": True})


def callback(request):
    return HttpResponse("ok")


urlpatterns = [
    path("callback/", csrf_exempt(callback)),
    path("import/", method_decorator(csrf_exempt)(callback)),
]
