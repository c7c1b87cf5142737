// The djust-compatible test package is also what scaffolding tests run generated code against:
// its LiveView.mount(request, **kwargs) and LiveComponent(**kwargs) must work without a server
// or even Django settings (rendering needs settings, as in Django), and its decorators must leave
// djust's markers.
#include <doctest/doctest.h>

#include "project/fixture_project.h"

using namespace std::chrono_literals;

TEST_CASE("djust_compat: views and components mount without a server, markers follow djust") {
  REQUIRE_FIXTURE_PYTHON();
  const std::string script = R"PY(
import sys
sys.dont_write_bytecode = True
import asyncio
from djust import LiveView, LiveComponent
from djust.components.base import LiveComponent as BaseComponent
from djust.decorators import event_handler, debounce, rate_limit, action, server_function, on_mount
from djust.hooks import on_mount as hooks_on_mount
from djust.presence import PresenceMixin, LiveCursorMixin
from djust.forms import FormMixin
from djust.tenants import TenantMixin, TenantScopedMixin
from djust.pwa import PWAMixin, OfflineMixin, SyncMixin
from djust.streaming import StreamingMixin
from djust.uploads import UploadMixin
from djust.wizard import WizardMixin
from djust.tutorials import TutorialMixin
from djust.auth import LoginRequiredMixin, PermissionRequiredMixin
from djust.routing import live_session

assert LiveComponent is BaseComponent and on_mount is hooks_on_mount

class Counter(LiveView):
    template = "<div dj-view dj-root>{{ count }}</div>"
    def mount(self, request, start=0, **kwargs):
        self.count = start
    @rate_limit(rate=2, burst=1)
    @event_handler
    @debounce(wait=0.2)
    def increment(self, amount: int = 1, **kwargs):
        self.count += amount
    @action
    def save(self, **kwargs):
        return "saved"
    @event_handler
    async def push(self, **kwargs):
        await self.stream_to("log", html="<p>")

view = Counter()
view.mount(None, start=2)
view.increment(amount=3)
assert view.count == 5 and view.get_context_data() == {"count": 5}, view.get_context_data()
assert view.save() == "saved" and view._action_state["save"]["result"] == "saved"
asyncio.run(view.push())
markers = Counter.increment._djust_decorators
assert set(markers) == {"debounce", "event_handler", "rate_limit"}, markers
assert markers["event_handler"]["params"] == [{"name": "amount", "type": "int", "required": False, "default": "1"}]
assert markers["event_handler"]["accepts_kwargs"] is True
assert Counter.save._djust_decorators["action"] == {"name": "save"}

class Alert(LiveComponent):
    template = "<p>{{ message }}</p>"
    def mount(self, message="", **kwargs):
        self.message = message
    def get_context_data(self):
        return {"message": self.message}

alert = Alert(message="hi")
assert alert.message == "hi" and alert.component_id.startswith("alert_")

# Rendering is Django's template engine, which needs settings (nothing else above did).
import django
from django.conf import settings
settings.configure(TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}])
django.setup()
assert view.render() == "<div dj-view dj-root>5</div>"
assert alert.render() == "<p>hi</p>"
try:
    server_function(event_handler(lambda self, **kw: None))
    raise SystemExit("server_function accepted an event handler")
except TypeError:
    pass
print("ok")
)PY";
  djust::core::SubprocessOptions python;
  python.argv = {fixture_python(), "-c", script};
  python.cwd = fixtures_dir() / "djust_compat";
  const auto result = djust::core::run_subprocess(python, 60s);
  CHECK_MESSAGE(result.status.code == 0, result.output);
  CHECK(result.output == "ok\n");
}
