// Measures the project's own API tools (tools/api_tools.h) on a generated project: a copy of
// tests/fixtures/api_project with one more app of 100 models, each with a ModelAdmin (and an
// admin action) and two router ViewSets, 200 in all. It reports the discovery at server start (a
// fresh bridge: Python, Django, the URLconf and the admin, to the first tools/list), what auto
// makes of it (the gateway, and the cost of tools/list), and the warm overhead of a list call
// against the same view called with DRF's APIClient inside one Python process.
// Usage: djust-api-bench FIXTURE_DIR PYTHON WORK_DIR [RUNS]
#include "app/tool_families.h"
#include "core/subprocess.h"
#include "registry/registry.h"
#include "tools/api_tools.h"
#include "tools/tool_options.h"

#include "bench_table.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using bench::Clock;
using bench::ms_since;
using bench::row;
using bench::stats;
using nlohmann::json;

constexpr int kModels = 100;

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

// The fixture plus the app `bulk`: models, serializers, viewsets and admins made in loops.
fs::path make_project(const fs::path& fixture, const fs::path& work) {
  const fs::path project = work / "api_project";
  fs::remove_all(project);
  fs::copy(fixture, project, fs::copy_options::recursive);
  const std::string count = std::to_string(kModels);
  write(project / "bulk_settings.py",
        "from api_site.settings import *  # noqa\nINSTALLED_APPS = INSTALLED_APPS + [\"bulk\"]\n"
        "ROOT_URLCONF = \"bulk.urls\"\n");
  write(project / "bulk/__init__.py", "");
  write(project / "bulk/models.py",
        "from django.db import models\n\nMODELS = []\nfor i in range(" + count +
            "):\n    MODELS.append(type(\"Thing%d\" % i, (models.Model,), {\"__module__\": __name__, \"name\": "
            "models.CharField(max_length=50), \"price\": models.DecimalField(max_digits=8, decimal_places=2), "
            "\"when\": models.DateField(null=True)}))\n");
  write(project / "bulk/api.py",
        "from rest_framework import filters, serializers, viewsets\n\nfrom .models import MODELS\n\nVIEWSETS = []\n"
        "for model in MODELS:\n"
        "    meta = type(\"Meta\", (), {\"model\": model, \"fields\": [\"id\", \"name\", \"price\", \"when\"]})\n"
        "    serializer = type(model.__name__ + \"Serializer\", (serializers.ModelSerializer,), {\"Meta\": meta})\n"
        "    common = {\"queryset\": model.objects.all(), \"serializer_class\": serializer, \"__module__\": __name__,\n"
        "              \"filter_backends\": [filters.SearchFilter, filters.OrderingFilter], \"search_fields\": "
        "[\"name\"], \"ordering_fields\": [\"name\", \"price\"]}\n"
        "    VIEWSETS.append((model.__name__.lower(), type(model.__name__ + \"ViewSet\", (viewsets.ModelViewSet,), "
        "common)))\n"
        "    VIEWSETS.append((model.__name__.lower() + \"-ro\", type(model.__name__ + \"ReadViewSet\", "
        "(viewsets.ReadOnlyModelViewSet,), common)))\n");
  write(project / "bulk/admin.py",
        "from django.contrib import admin\n\nfrom .models import MODELS\n\n\ndef touch(modeladmin, request, "
        "queryset):\n    queryset.update(name=\"touched\")\n\n\nfor model in MODELS:\n    admin.site.register(model, "
        "type(model.__name__ + \"Admin\", (admin.ModelAdmin,), {\"search_fields\": [\"name\"], \"list_filter\": "
        "[\"when\"], \"actions\": [touch], \"__module__\": __name__}))\n");
  write(project / "bulk/urls.py",
        "from django.urls import include, path\nfrom rest_framework.routers import SimpleRouter\n\nfrom api_site.urls "
        "import urlpatterns as site\nfrom .api import VIEWSETS\n\nrouter = SimpleRouter()\nfor prefix, viewset in "
        "VIEWSETS:\n    router.register(\"bulk/\" + prefix, viewset, basename=prefix)\n\nurlpatterns = site + "
        "[path(\"api/\", include(router.urls))]\n");
  return project;
}

// Runs manage.py in `project` with the bench's settings and database; throws on failure.
std::string manage(const fs::path& project, const std::string& python, const std::vector<std::string>& args) {
  djust::core::SubprocessOptions options;
  options.argv = {python, "manage.py"};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.cwd = project;
  const auto result = djust::core::run_subprocess(options, std::chrono::minutes(5));
  if (result.status.code != 0) throw std::runtime_error("manage.py failed: " + result.output);
  return result.output;
}

djust::tools::ToolOptions options_for(const fs::path& project, const std::string& python) {
  djust::tools::ToolOptions options;
  options.project_dir = project;
  options.python = python;
  options.api.admin = true;
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: djust-api-bench FIXTURE_DIR PYTHON WORK_DIR [RUNS]\n";
    return 2;
  }
  const fs::path fixture = argv[1];
  const std::string python = argv[2];
  const fs::path work = argv[3];
  const int runs = argc > 4 ? std::atoi(argv[4]) : 50;
  try {
    const fs::path project = make_project(fixture, work);
    ::setenv("DJANGO_SETTINGS_MODULE", "bulk_settings", 1);
    ::setenv("DJUST_API_DB", (project / "db.sqlite3").c_str(), 1);
    manage(project, python, {"makemigrations", "bulk", "-v0"});
    manage(project, python, {"migrate", "-v0"});
    manage(project, python, {"shell", "-c", "exec(open('seed_data.py').read())"});

    std::cout << "Project API tools: a generated project of " << 2 * kModels << " ViewSets and " << kModels
              << " ModelAdmins (one run)\n";
    const auto start = Clock::now();
    const auto registry = djust::app::build_registry(options_for(project, python));
    const auto tools = registry.tools();  // a fresh bridge: Python, Django, URLconf, admin
    const double discovery = ms_since(start);
    std::size_t api_tokens = 0;
    std::vector<std::string> api_names;
    for (const auto& tool : tools) {
      if (!tool.name.starts_with("api_")) continue;
      api_tokens += djust::tools::tool_tokens(tool);
      api_names.push_back(tool.name);
    }
    bench::header();
    row("discovery at start, cold: first tools/list", stats({discovery}), "ms", "<= 1000", discovery <= 1000);
    row("auto: API tools emitted (the gateway)", stats({double(api_names.size())}), "tools", "3",
        api_names.size() == 3);
    row("auto: their definitions", stats({double(api_tokens)}), "tok", "<= 8000", api_tokens <= 8000);

    const auto call = registry.find_tool("api_call_endpoint");
    if (!call) throw std::runtime_error("auto did not switch to the gateway");
    const json arguments = {{"name", "api_product_list"}, {"arguments", json::object()}};
    std::vector<double> ours;
    for (int i = 0; i < runs + 1; ++i) {
      djust::registry::CallContext context;
      const auto at = Clock::now();
      const auto outcome = registry.call(*call, arguments, context);
      if (outcome.is_error) throw std::runtime_error(outcome.error);
      if (i > 0) ours.push_back(ms_since(at));  // the first call warms the view
    }
    const auto warm = stats(ours);
    row("warm list call through djust-mcp", warm, "ms", "-", true);

    const std::string client =
        "import time, statistics\nfrom rest_framework.test import APIClient\nc = APIClient()\nc.get('/api/products/')\n"
        "t = []\nfor i in range(" +
        std::to_string(runs) +
        "):\n    s = time.perf_counter(); r = c.get('/api/products/'); t.append((time.perf_counter() - s) * 1000)\n"
        "    assert r.status_code == 200\nprint('%.3f' % statistics.median(t))\n";
    const double in_process = std::stod(manage(project, python, {"shell", "-c", client}));
    row("the same with DRF's APIClient in one process", stats({in_process}), "ms", "-", true);
    const double overhead = warm.median - in_process;
    row("overhead per call (medians)", stats({overhead}), "ms", "<= 3", overhead <= 3);
  } catch (const std::exception& e) {
    std::cerr << "djust-api-bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
