#include "tools/scaffold_tools.h"

#include "core/text.h"
#include "scaffold/decorators.h"
#include "scaffold/scaffold.h"
#include "tools/schema_pieces.h"

#include <sstream>

namespace djust::tools {
namespace {

using registry::json;
using registry::Tool;
using registry::ToolError;

// Generation reads only the arguments and embedded templates; nothing is written.
constexpr registry::ToolAnnotations kGenerates{
    .read_only = true, .destructive = false, .idempotent = true, .open_world = false};

constexpr int kMaxTextLength = 2000;

json text_property(const std::string& description, int max_length = kMaxTextLength) {
  return {{"type", "string"}, {"maxLength", max_length}, {"description", description}};
}

json name_property(const std::string& description) {
  return {{"type", "string"}, {"minLength", 1}, {"maxLength", 100}, {"description", description}};
}

json app_property() {
  return name_property(
      "The Django app (its folder and label), e.g. shop: sets the template folder, the dj-view path and the "
      "permission names. Omit for placeholders.");
}

json files_schema() { return array_of(strict_object({{"path", string_type()}, {"content", string_type()}})); }

json files_json(const std::vector<scaffold::GeneratedFile>& files) {
  json out = json::array();
  for (const auto& f : files) out.push_back({{"path", f.path}, {"content", f.content}});
  return out;
}

std::optional<std::string> optional_string(const json& args, const char* key) {
  if (!args.contains(key)) return std::nullopt;
  return args.at(key).get<std::string>();
}

// scaffold_view's features: a list, or djust 1.1's comma-separated string ("search, crud").
std::vector<std::string> features_of(const json& args) {
  if (!args.contains("features")) return {};
  const json& features = args.at("features");
  if (features.is_array()) return features.get<std::vector<std::string>>();
  std::vector<std::string> names;
  std::istringstream list(features.get<std::string>());
  for (std::string name; std::getline(list, name, ',');)
    if (!core::trim(name).empty()) names.emplace_back(core::trim(name));
  return names;
}

// Runs one generator, turning the caller's mistakes into tool errors.
template <typename Generate>
json generating(Generate generate) {
  try {
    return generate();
  } catch (const scaffold::ScaffoldError& e) {
    throw ToolError(e.what());
  }
}

Tool scaffold_view_tool() {
  return Tool{
      .name = "scaffold_view",
      .title = "Scaffold a djust LiveView",
      .description =
          "Generate a djust LiveView module and its template that run as they are and pass validate_view: "
          "features search (dj-input, debounced), crud (list, create and update through a form, delete), "
          "pagination (Django Paginator), form (a real Django form class, dj-submit with csrf_token), presence "
          "(PresenceMixin), streaming (an async handler awaiting stream_to) and auth (login_required, and "
          "permission_required on every state-changing handler), in any combination. With `model`, rows come "
          "from that model of the app (imported from .models); without it, placeholder rows live in the session. "
          "Returns the files (paths relative to the app folder) and the urls.py lines; write them into the app.",
      .input_schema = input_object(
          {{"name", name_property("CamelCase view name, e.g. ProductList (View is appended).")},
           {"features",
            {{"anyOf",
              {{{"type", "array"},
                {"items", {{"type", "string"}, {"enum", scaffold::view_feature_names()}}},
                {"uniqueItems", true}},
               {{"type", "string"}, {"maxLength", kMaxTextLength}}}},
             {"description", "Features to include; none gives a bare view." +
                                 djust_alias("the same names in one comma-separated string, e.g. \"search,crud\"")}}},
           {"model", name_property("A model class of the app, e.g. Item (must have a `name` field for search and "
                                   "forms, or edit the generated code).")},
           {"app", app_property()}},
          {"name"}),
      .output_schema = with_optional(strict_object({{"class_name", string_type()},
                                                    {"files", files_schema()},
                                                    {"urls_import", string_type()},
                                                    {"urls_line", string_type()}}),
                                     {{"notes", described(array_of(string_type()),
                                                          "What the caller must check: with `model`, that the app's "
                                                          "models define or import it (this tool reads no files).")}}),
      .annotations = kGenerates,
      .deterministic = true,
      .handler = [](const json& args, registry::CallContext&) {
        return generating([&] {
          scaffold::ViewRequest request{
              .name = args.at("name"),
              .features = features_of(args),
              .model = optional_string(args, "model"),
              .app = optional_string(args, "app"),
          };
          const auto view = scaffold::scaffold_view(request);
          json result = {{"class_name", view.class_name},
                         {"files", files_json(view.files)},
                         {"urls_import", view.urls_import},
                         {"urls_line", view.urls_line}};
          if (request.model) {
            result["notes"] = {"The model " + *request.model + " was not checked: make sure " +
                               request.app.value_or("the app") +
                               "/models.py defines or imports it (`djust-mcp scaffold "
                               "view ... --model " +
                               *request.model + " --write` checks it and refuses otherwise)."};
          }
          return result;
        });
      }};
}

Tool scaffold_component_tool() {
  return Tool{
      .name = "scaffold_component",
      .title = "Scaffold a djust LiveComponent",
      .description =
          "Generate a djust LiveComponent module and its template: mount(self, <props with defaults>, **kwargs) "
          "with no request (components never receive one), and get_context_data returning the props. Returns "
          "the files, paths relative to the app folder.",
      .input_schema = input_object(
          {{"name", name_property("CamelCase component name, e.g. Alert.")},
           {"props", text_property("Comma-separated props: name, name:type, name=default or name:type=default; types " +
                                   core::join(scaffold::parameter_type_names(), ", ") +
                                   ". E.g. \"message:str=Saved, level:str=info, count:int\".")},
           {"app", app_property()}},
          {"name"}),
      .output_schema = strict_object({{"class_name", string_type()}, {"files", files_schema()}}),
      .annotations = kGenerates,
      .deterministic = true,
      .handler = [](const json& args, registry::CallContext&) {
        return generating([&] {
          const auto component = scaffold::scaffold_component(
              {.name = args.at("name"), .props = args.value("props", ""), .app = optional_string(args, "app")});
          return json{{"class_name", component.class_name}, {"files", files_json(component.files)}};
        });
      }};
}

Tool add_event_handler_tool() {
  return Tool{
      .name = "add_event_handler",
      .title = "Write a djust event handler",
      .description =
          "Generate one event handler method to paste into a LiveView or LiveComponent: typed parameters that "
          "all have defaults, **kwargs, and djust decorators stacked in an order that works (@event_handler is "
          "added when no handler marker is given). Decorators are Python expressions, so "
          "rate_limit(rate=5, burst=3) stays whole; each is checked against djust's list (" +
          core::join(scaffold::handler_decorator_names(), ", ") + "). Returns the method and its import line.",
      .input_schema = input_object(
          {{"handler_name", name_property("The method name, e.g. add_to_cart.")},
           {"params", text_property("Comma-separated parameters: name, name:type, name=default or name:type=default; "
                                    "types " +
                                    core::join(scaffold::parameter_type_names(), ", ") +
                                    ". E.g. \"item_id:int, quantity:int=1\".")},
           {"decorators", text_property("Comma-separated decorators, with or without @ and arguments, e.g. "
                                        "\"rate_limit(rate=5, burst=3), permission_required('shop.change_cart')\".")}},
          {"handler_name"}),
      .output_schema = with_optional(
          strict_object(
              {{"code", string_type()}, {"import_line", string_type()}, {"decorators", array_of(string_type())}}),
          {{"notes", described(array_of(string_type()),
                               "For each decorator djust 1.1 records but never acts on (such as @debounce): that it "
                               "has no effect and the template attribute to use instead. The decorator is kept, as "
                               "asked, with the note as a comment above it.")}}),
      .annotations = kGenerates,
      .deterministic = true,
      .handler = [](const json& args, registry::CallContext&) {
        return generating([&] {
          const auto handler = scaffold::scaffold_handler({.name = args.at("handler_name"),
                                                           .params = args.value("params", ""),
                                                           .decorators = args.value("decorators", "")});
          json result = {
              {"code", handler.code}, {"import_line", handler.import_line}, {"decorators", handler.decorators}};
          if (!handler.notes.empty()) result["notes"] = handler.notes;
          return result;
        });
      }};
}

}  // namespace

std::vector<registry::Tool> scaffold_tools() {
  return {scaffold_view_tool(), scaffold_component_tool(), add_event_handler_tool()};
}

}  // namespace djust::tools
