// Measures `djust-mcp validate` on a generated corpus of realistic djust view modules against the
// floor under any Python-based validator: CPython merely parsing the same files with ast; then a
// whole project cold (no cache) and warm (its .djust-mcp-cache/ kept), and one file in it.
// Usage: djust-lint-bench PATH/TO/djust-mcp WORK_DIR [RUNS] [PROJECT]
// PROJECT (a folder with manage.py, e.g. djust's examples/demo_project) is linted in place and its
// .djust-mcp-cache/ removed before each cold run; without it a generated project of about the
// same size is used.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// One view class of about 45 lines; `n` varies names, features and a few deliberate mistakes so
// the rules have something to report.
std::string view_class(int n) {
  const std::string name = "Item" + std::to_string(n);
  std::string s;
  s += "class " + name + "ListView(" + (n % 5 == 0 ? "PresenceMixin, " : "") + "LiveView):\n";
  s += "    \"\"\"Lists, filters and edits " + name + " records.\"\"\"\n\n";
  s += "    template_name = \"shop/" + name + "_list.html\"\n";
  if (n % 3 == 0) s += "    login_required = True\n";
  s += "    temporary_assigns = {\"rows\": []}\n\n";
  s += "    def mount(self, request, **kwargs):\n";
  s += "        self.query = \"\"\n        self.page = 1\n        self.selected_id = None\n";
  s += n % 7 == 0 ? "        self.items = " + name + ".objects.filter(active=True)\n"
                  : "        self._items = " + name + ".objects.filter(active=True)\n";
  s += "\n    def get_context_data(self, **kwargs):\n";
  s += "        context = super().get_context_data(**kwargs)\n";
  s += "        rows = self._items if hasattr(self, \"_items\") else []\n";
  s += "        context[\"rows\"] = [{\"id\": r.pk, \"name\": r.name} for r in rows[:50]]\n";
  s += "        return context\n\n";
  s += "    @event_handler()\n    @debounce(wait=0.3)\n";
  s += "    def search(self, value: str = \"\", **kwargs):\n";
  s += "        self.query = value.strip()\n        self.page = 1\n";
  s += "        logger.debug(\"search %s\", self.query)\n\n";
  s += "    @event_handler()\n";
  s += n % 11 == 0 ? "    def select_item(self, item_id: int):\n"
                   : "    def select_item(self, item_id: int = 0, **kwargs):\n";
  s += "        self.selected_id = item_id\n\n";
  s += "    @event_handler()\n    @permission_required(\"shop.delete_" + name + "\")\n";
  s += "    def delete_item(self, item_id: int = 0, **kwargs):\n";
  s += "        " + name + ".objects.filter(pk=item_id).delete()\n";
  s += "        self.selected_id = None\n\n";
  s += n % 13 == 0 ? "    def toggle_sort(self, **kwargs):\n"
                   : "    @event_handler()\n    def toggle_sort(self, **kwargs):\n";
  s += "        self.page = max(1, self.page - 1)\n\n";
  s += "    def handle_params(self, params, uri):\n        self.page = int(params.get(\"page\", 1))\n\n\n";
  return s;
}

std::string module(int index, int classes) {
  std::string s = "\"\"\"Views of shop module " + std::to_string(index) + ".\"\"\"\nimport logging\n\n";
  s += "from djust import LiveView\nfrom djust.decorators import debounce, event_handler, permission_required\n";
  s +=
      "from djust.presence import PresenceMixin\n\nfrom .models import *\n\nlogger = logging.getLogger(__name__)\n\n\n";
  for (int c = 0; c < classes; ++c) s += view_class(index * classes + c);
  return s;
}

// A project of `apps` apps with 10 views each, every view rendering its own template that extends
// the app's base and includes a shared row partial: 10 * apps + 2 * apps templates in all.
void write_template_project(const fs::path& root, int apps) {
  fs::remove_all(root);
  fs::create_directories(root);
  std::ofstream(root / "manage.py") << "import sys\n";
  for (int a = 0; a < apps; ++a) {
    const std::string app = "app" + std::to_string(a);
    const fs::path templates = root / app / "templates" / app;
    fs::create_directories(templates);
    std::ofstream(root / app / "__init__.py");
    std::ofstream(templates / "base.html") << "<!doctype html>\n<html lang=\"en\"><body>\n"
                                              "<main dj-root>{% block content %}{% endblock %}</main>\n"
                                              "</body></html>\n";
    std::ofstream(templates / "row.html")
        << "<li>{{ item.name }} <button dj-click=\"delete_item({{ item.id }})\">Delete</button></li>\n";
    std::string views = "from djust import LiveView\nfrom djust.decorators import event_handler\n\n";
    for (int v = 0; v < 10; ++v) {
      const std::string page = "page" + std::to_string(v);
      views +=
          "\n\nclass Page" + std::to_string(v) + "View(LiveView):\n    template_name = \"" + app + "/" + page +
          ".html\"\n\n    def mount(self, request, **kwargs):\n        self.items = []\n        self.query = \"\"\n\n"
          "    @event_handler\n    def search(self, value: str = \"\", **kwargs):\n        self.query = value\n\n"
          "    @event_handler\n    def delete_item(self, item_id: int = 0, **kwargs):\n"
          "        self.items = [i for i in self.items if i != item_id]\n";
      std::ofstream(templates / (page + ".html"))
          << "{% extends \"" << app << "/base.html\" %}\n{% load static %}\n{% block content %}\n"
          << "<h1>Page " << v << "</h1>\n"
          << "<label for=\"q\">Search</label>\n"
          << "<input id=\"q\" type=\"search\" dj-input=\"search\" dj-debounce=\"300\" value=\"{{ query }}\">\n"
          << "<ul>\n{% for item in items %}{% include \"" << app << "/row.html\" %}{% endfor %}\n</ul>\n"
          << "<p>{{ items|length }} items</p>\n{% endblock %}\n";
    }
    std::ofstream(root / app / "views.py") << views;
  }
}

std::size_t count_lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// Runs argv with stdout/stderr discarded; returns wall milliseconds.
double time_command(const std::vector<std::string>& argv) {
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
    std::cerr << "djust-lint-bench: " << argv[0] << " failed with status " << status << "\n";
    std::exit(1);
  }
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Stats {
  double median, min, max;
};

// `before` runs ahead of each timed run, untimed.
Stats measure(
    const std::vector<std::string>& argv, int runs, const std::function<void()>& before = [] {}) {
  std::vector<double> times;
  before();
  time_command(argv);  // warm the page cache and the dynamic loader
  for (int i = 0; i < runs; ++i) {
    before();
    times.push_back(time_command(argv));
  }
  std::sort(times.begin(), times.end());
  return {times[times.size() / 2], times.front(), times.back()};
}

// A project like djust's demo_project (about 180 modules and 130 templates): the template project
// of 12 apps plus 14 view modules per app.
void write_demo_sized_project(const fs::path& root) {
  write_template_project(root, 12);
  for (int a = 0; a < 12; ++a)
    for (int m = 0; m < 14; ++m)
      std::ofstream(root / ("app" + std::to_string(a)) / ("views_" + std::to_string(m) + ".py"))
          << module(a * 14 + m, 2);
}

std::size_t count_files(const fs::path& root, const char* extension) {
  std::size_t n = 0;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    if (it->is_directory() && it->path().filename().string().starts_with(".")) it.disable_recursion_pending();
    if (it->is_regular_file() && it->path().extension() == extension) ++n;
  }
  return n;
}

// The smallest .py file of the project's own code, a stand-in for the one file a pre-commit hook
// checks.
fs::path smallest_module(const fs::path& root) {
  fs::path best;
  std::uintmax_t best_size = UINTMAX_MAX;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    const std::string name = it->path().filename().string();
    if (it->is_directory() && (name.starts_with(".") || name == "migrations")) it.disable_recursion_pending();
    if (it->is_regular_file() && it->path().extension() == ".py" && name != "__init__.py" &&
        it->file_size() < best_size) {
      best = it->path();
      best_size = it->file_size();
    }
  }
  return best;
}

void row(const char* name, const Stats& s, const char* target, bool met) {
  std::printf("| %-46s | %9.2f | %9.2f | %9.2f | %-10s | %-4s |\n", name, s.median, s.min, s.max, target,
              met ? "yes" : "NO");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: djust-lint-bench PATH/TO/djust-mcp WORK_DIR [RUNS] [PROJECT]\n";
    return 2;
  }
  const std::string binary = argv[1];
  const fs::path work = argv[2];
  const int runs = argc > 3 ? std::max(1, std::atoi(argv[3])) : 10;
  const fs::path corpus = work / "corpus";
  fs::remove_all(corpus);
  fs::create_directories(corpus);

  std::size_t lines = 0;
  int files = 0;
  for (; lines < 100000; ++files) {
    const std::string text = module(files, 5);
    lines += count_lines(text);
    std::ofstream(corpus / ("views_" + std::to_string(files) + ".py")) << text;
  }
  // One file of about 1000 lines for the per-file latency.
  std::string single = module(9999, 1);
  for (int c = 1; count_lines(single) < 1000; ++c) single += view_class(99990 + c);
  const fs::path single_file = work / "single_view.py";
  std::ofstream(single_file) << single;

  const std::string parse_only =
      "import ast, pathlib, sys\n"
      "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.py')):\n"
      "    ast.parse(p.read_bytes(), filename=str(p))\n";

  const Stats validate = measure({binary, "validate", "--no-config", "--format", "json", corpus.string()}, runs);
  const Stats syntax = measure({binary, "validate", "--no-config", "--select", "DJ000", corpus.string()}, runs);
  const Stats python = measure({"python3", "-c", parse_only, corpus.string()}, runs);
  const Stats one = measure({binary, "validate", "--no-config", single_file.string()}, std::max(runs, 20));
  // 50 apps: 500 page templates plus a base and a row partial per app, and 500 views; without the
  // cache, as these rows measure parsing and linking.
  const fs::path tree = work / "template_project";
  write_template_project(tree, 50);
  const Stats templates = measure({binary, "validate", "--no-config", "--no-cache", tree.string()}, std::max(runs, 20));
  const Stats one_template = measure(
      {binary, "validate", "--no-config", "--no-cache", (tree / "app7" / "templates" / "app7" / "page3.html").string()},
      std::max(runs, 20));

  // A whole project, as CI and a pre-commit hook see it.
  const bool given = argc > 4;
  const fs::path project = given ? fs::path(argv[4]) : work / "demo_sized_project";
  if (!given) write_demo_sized_project(project);
  const fs::path cache = project / ".djust-mcp-cache";
  const fs::path one_file = smallest_module(project);
  const std::vector<std::string> whole = {binary, "validate", "--no-config", project.string()};
  const Stats cold = measure(whole, runs, [&] { fs::remove_all(cache); });
  const Stats warm = measure(whole, std::max(runs, 20));
  const Stats one_warm = measure({binary, "validate", "--no-config", one_file.string()}, std::max(runs, 20));
  const Stats one_uncached =
      measure({binary, "validate", "--no-config", "--no-cache", one_file.string()}, std::max(runs, 20));

  std::printf("djust-mcp validate benchmark: %d files, %zu lines; single file %zu lines; %d runs\n", files, lines,
              count_lines(single), runs);
  std::printf("project: %s (%s; %zu .py, %zu .html); one file: %s (%zu lines)\n\n", project.string().c_str(),
              given ? "given" : "generated, about the size of djust's demo_project", count_files(project, ".py"),
              count_files(project, ".html"), one_file.lexically_relative(project).string().c_str(), count_lines([&] {
                std::ifstream in(one_file);
                return std::string(std::istreambuf_iterator<char>(in), {});
              }()));
  std::printf("| %-46s | %9s | %9s | %9s | %-10s | %-4s |\n", "measure (ms, wall)", "median", "min", "max", "target",
              "met");
  std::printf("|%s|%s|%s|%s|%s|%s|\n", std::string(48, '-').c_str(), std::string(11, '-').c_str(),
              std::string(11, '-').c_str(), std::string(11, '-').c_str(), std::string(12, '-').c_str(),
              std::string(6, '-').c_str());
  row("djust-mcp validate, whole corpus", validate, "-", true);
  row("djust-mcp syntax check only (tree-sitter floor)", syntax, "-", true);
  row("python3 ast.parse only, whole corpus", python, "-", true);
  const Stats ratio{python.median / validate.median, python.min / validate.max, python.max / validate.min};
  std::printf("| %-46s | %8.2fx | %8.2fx | %8.2fx | %-10s | %-4s |\n", "speed-up over the parse-only floor",
              ratio.median, ratio.min, ratio.max, ">= 3x", ratio.median >= 3 ? "yes" : "NO");
  row("one 1000-line file, process start included", one, "<= 10", one.median <= 10);
  row("500 templates + 500 views, linked (600 .html)", templates, "<= 100", templates.median <= 100);
  row("one template named, whole project read to link", one_template, "-", true);
  row("project, cold (no cache yet)", cold, "<= 150", cold.median <= 150);
  row("project, warm (cache kept, nothing changed)", warm, "<= 30", warm.median <= 30);
  row("one file in the project, warm", one_warm, "<= 30", one_warm.median <= 30);
  row("one file in the project, --no-cache", one_uncached, "-", true);
  return 0;
}
