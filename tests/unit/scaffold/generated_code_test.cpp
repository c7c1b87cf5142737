// Every combination of scaffold_view's features (with a model and with placeholders), and a set
// of components and handlers, must give code that our own linter passes with every rule on, that
// compiles, imports and mounts against the djust-compatible package, and whose handlers run.
#include <doctest/doctest.h>

#include "lint/engine.h"
#include "lint/formats/formats.h"
#include "project/fixture_project.h"
#include "scaffold/scaffold.h"
#include "temp_dir.h"

#include <nlohmann/json.hpp>

using namespace std::chrono_literals;
namespace scaffold = djust::scaffold;
namespace lint = djust::lint;

namespace {

// The findings of every rule on `content`, as text; empty when clean.
std::string findings_of(const std::string& path, const std::string& content) {
  lint::LintOptions options;
  options.selection.select = {"ALL"};
  const auto result = lint::lint_source(path, content, *lint::language_for(path), options);
  if (result.findings.empty() && !result.error) return {};
  return lint::format_results({result}, lint::OutputFormat::text, {}) + "\n" + content;
}

struct Generated {
  TempDir dir;
  nlohmann::json modules = nlohmann::json::array();

  void add(const std::vector<scaffold::GeneratedFile>& files, const std::string& class_name, const char* kind,
           const nlohmann::json& props = nlohmann::json::object()) {
    for (const auto& file : files) {
      INFO(file.path);
      CHECK(findings_of(file.path, file.content) == "");
      const auto path = dir.write(file.path, file.content);
      if (!file.path.ends_with(".py")) continue;
      const std::string stem = std::filesystem::path(file.path).stem().string();
      modules.push_back({{"path", path.string()},
                         {"module", "shop." + stem},
                         {"class", class_name},
                         {"kind", kind},
                         {"props", props}});
    }
  }
};

std::vector<std::string> features_of(unsigned mask) {
  std::vector<std::string> chosen;
  const auto& all = scaffold::view_feature_names();
  for (std::size_t i = 0; i < all.size(); ++i)
    if (mask & (1u << i)) chosen.push_back(all[i]);
  return chosen;
}

}  // namespace

TEST_CASE("scaffold: all 128 feature combinations lint clean, compile, import, mount and run") {
  REQUIRE_FIXTURE_PYTHON();
  REQUIRE(scaffold::view_feature_names().size() == 7);
  Generated generated;
  for (unsigned mask = 0; mask < 128; ++mask) {
    for (const bool with_model : {true, false}) {
      const std::string name = "Combo" + std::to_string(mask) + (with_model ? "Item" : "Placeholder");
      INFO(name);
      scaffold::ViewRequest request{name, features_of(mask), std::nullopt, "shop"};
      if (with_model) request.model = "Item";
      const auto view = scaffold::scaffold_view(request);
      generated.add(view.files, view.class_name, "view");
    }
  }
  const std::vector<std::pair<std::string, nlohmann::json>> components = {
      {"", nlohmann::json::object()},
      {"message:str=Saved, level=info, count:int=3, ratio:float, shown:bool=True, tags:list, extra:dict",
       {{"message", "Saved"},
        {"level", "info"},
        {"count", 3},
        {"ratio", 0.0},
        {"shown", true},
        {"tags", nullptr},
        {"extra", nullptr}}}};
  for (std::size_t i = 0; i < components.size(); ++i) {
    const auto component =
        scaffold::scaffold_component({"Widget" + std::to_string(i), components[i].first, std::string("shop")});
    generated.add(component.files, component.class_name, "component", components[i].second);
  }
  // Handlers sit in a LiveView for the check: the snippet is what a user pastes into one.
  const std::vector<scaffold::HandlerRequest> handlers = {
      {"add_to_cart", "item_id:int, quantity:int=1, note", "rate_limit(rate=5, burst=3), debounce(wait=0.5)"},
      {"remove_line", "line_id:int", "@permission_required(\"shop.delete_item\"), optimistic, background"},
      {"track", "", "action, cache(ttl=30), client_state(keys=[\"a\", \"b\"])"},
      {"lookup", "query:str='a, b'", "server_function, rate_limit(rate=2)"},
  };
  for (std::size_t i = 0; i < handlers.size(); ++i) {
    const auto handler = scaffold::scaffold_handler(handlers[i]);
    const std::string class_name = "Handler" + std::to_string(i) + "View";
    const std::string code = "from djust import LiveView\n" + handler.import_line + "\n\n\nclass " + class_name +
                             "(LiveView):\n    template_name = \"shop/handler.html\"\n\n"
                             "    def mount(self, request, **kwargs):\n        self.count = 0\n\n" +
                             handler.code;
    // Only compiled and imported: the view around the handler has no template to render.
    generated.add({{"handler" + std::to_string(i) + ".py", code}}, class_name, "import");
  }

  const auto manifest = generated.dir.write(
      "manifest.json",
      nlohmann::json{{"templates", (generated.dir.path() / "templates").string()}, {"modules", generated.modules}}
          .dump());
  djust::core::SubprocessOptions python;
  python.argv = {fixture_python(), (fixtures_dir() / "scaffold_check.py").string(), manifest.string()};
  python.env = {{"PYTHONDONTWRITEBYTECODE", "1"}};
  const auto result = djust::core::run_subprocess(python, 300s);
  CHECK_MESSAGE(result.status.code == 0, result.output);
  CHECK(result.output.find("checked " + std::to_string(generated.modules.size()) + " modules") != std::string::npos);
}
