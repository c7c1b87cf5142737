// V006: a service, client or session object in public state is serialized into the page.
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

namespace djust::lint::python {
namespace {

// Factories whose result is a connection-like object.
bool is_service_factory(const std::string& qualified) {
  static const std::set<std::string, std::less<>> factories = {
      "requests.Session",    "requests.session",      "httpx.Client",        "httpx.AsyncClient", "boto3.client",
      "boto3.resource",      "boto3.session.Session", "boto3.Session",       "redis.Redis",       "redis.StrictRedis",
      "redis.from_url",      "aiohttp.ClientSession", "urllib3.PoolManager", "psycopg2.connect",  "sqlite3.connect",
      "smtplib.SMTP",        "openai.OpenAI",         "anthropic.Anthropic", "socket.socket",     "paramiko.SSHClient",
      "redis.Redis.from_url"};
  if (factories.count(qualified)) return true;
  // A class named like one: FooService(), PaymentClient(), DbSession(), ...
  const std::string_view name = std::string_view(qualified).substr(qualified.rfind('.') + 1);
  if (name.empty() || !std::isupper(static_cast<unsigned char>(name.front())) ||
      !std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }))
    return false;
  static constexpr std::array<std::string_view, 5> suffixes = {"Service", "Client", "Session", "Connection", "Gateway"};
  return std::any_of(suffixes.begin(), suffixes.end(),
                     [&](std::string_view suffix) { return name.size() > suffix.size() && name.ends_with(suffix); });
}

void check(const Module& module, Reporter& reporter) {
  for (const auto& c : module.classes()) {
    if (!is_djust_class(c)) continue;
    for (const auto& m : c.methods) {
      if (m.name != "mount" && !is_event_handler(m)) continue;
      for (const auto& a : m.self_assignments) {
        if (a.attribute.starts_with('_') || is_null(a.value) || node_type(a.value) != "call") continue;
        const std::string callee(module.text(child_by_field(a.value, "function")));
        if (!is_service_factory(module.resolve(callee))) continue;
        reporter.report(a.span, "public attribute '" + a.attribute + "' holds a " + callee +
                                    " object; public state is serialized to the client on every render");
      }
    }
  }
}

}  // namespace

const PythonRule& service_in_state_rule() {
  static const PythonRule rule{
      {.id = "V006",
       .name = "service-in-state",
       .default_enabled = true,
       .summary = "Service, client or session object assigned to public state",
       .explanation = "Every public attribute of a LiveView is template context: djust serializes it after each "
                      "event and may snapshot it. An HTTP session, API client, database connection or service "
                      "object does not serialize, leaks configuration, and cannot survive a reconnect. Keep such "
                      "objects private (a leading underscore) or create them inside the handler that needs them.",
       .bad_example = R"py(from django.conf import settings

from djust import LiveView

from .clients import WeatherClient


class WeatherView(LiveView):
    template_name = "weather/forecast.html"

    def mount(self, request, **kwargs):
        self.client = WeatherClient(api_key=settings.WEATHER_KEY)
)py",
       .good_example = R"py(from django.conf import settings

from djust import LiveView

from .clients import WeatherClient


class WeatherView(LiveView):
    template_name = "weather/forecast.html"

    def mount(self, request, **kwargs):
        self._client = WeatherClient(api_key=settings.WEATHER_KEY)
        self.forecast = []
)py",
       .fix_hint = "Store it on a private attribute (self._client) or build it where it is used."},
      check};
  return rule;
}

}  // namespace djust::lint::python
