#include "tools/project_tools.h"

#include "core/files.h"
#include "core/json_schema.h"
#include "core/log.h"
#include "core/paths.h"
#include "core/text.h"
#include "knowledge/knowledge.h"
#include "project/bridge.h"
#include "project/bridge_contract.h"
#include "project/project_locator.h"
#include "tools/answer_pages.h"
#include "tools/last_result.h"
#include "tools/project_session.h"
#include "tools/schema_pieces.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>

namespace djust::tools {
namespace {

namespace fs = std::filesystem;
using registry::CallContext;
using registry::json;
using registry::Tool;
using registry::ToolError;
using Handler = std::function<json(const json&, CallContext&)>;

// Reading the project changes nothing, but its answers follow its code, so they are not cached.
constexpr registry::ToolAnnotations kReadsProject{
    .read_only = true, .destructive = false, .idempotent = true, .open_world = false};
constexpr registry::ToolAnnotations kWritesDatabase{
    .read_only = false, .destructive = true, .idempotent = false, .open_world = false};

// One request to the project's bridge; what went wrong is the tool's error.
json ask(ProjectSession& session, project::Bridge& bridge, const project::BridgeMethod& method, const json& params,
         CallContext& context) {
  try {
    json reply = bridge.request(method, params, context.stop);
    session.note_djust(bridge, context.stop);
    return reply;
  } catch (const project::BridgeError& e) {
    throw ToolError(e.what());
  }
}

using Session = std::shared_ptr<ProjectSession>;

// ---- schema pieces ----------------------------------------------------------------------------
// Replies are described once, in data/bridge/contract.json; a tool's output schema is its
// method's reply plus what the tool adds (the project folder, paging, counts).

json counts_object() { return {{"type", "object"}, {"additionalProperties", count_type()}}; }

// A list longer than one answer comes in pages: `offset` in, `next_offset` and `more` out.
json offset_input() {
  return {{"type", "integer"},
          {"minimum", 0},
          {"default", 0},
          {"description", "Skip this many entries: the `next_offset` of the previous answer."}};
}

json paged_arguments() { return input_object({{"offset", offset_input()}}); }

json paged(json output) {
  return with_optional(std::move(output), {{"next_offset", count_type()}, {"more", string_type()}});
}

// The reply of `method` with the project folder it describes.
json stamped(const project::BridgeMethod& method) {
  return with_properties(method.reply, {{"project", string_type()}});
}

// Keeps the entries of result[key] from `offset` on that fit one answer, and says how to get the
// others. `count` stays the number of all of them.
json page_of(json result, const std::string& key, const json& args, const std::string& narrower) {
  const std::size_t offset = args.value("offset", std::size_t{0});
  json& items = result.at(key);
  if (offset > items.size() || (offset > 0 && offset == items.size()))
    throw ToolError("offset " + std::to_string(offset) + " is past the end: there are " + std::to_string(items.size()) +
                    " " + key + ".");
  const std::size_t shown = items_fitting_answer(result, key, offset);
  const std::size_t rest = items.size() - offset - shown;
  items = json(items.begin() + static_cast<std::ptrdiff_t>(offset),
               items.begin() + static_cast<std::ptrdiff_t>(offset + shown));
  if (rest > 0) {
    result["next_offset"] = offset + shown;
    result["more"] = std::to_string(rest) + " more " + key +
                     ": call again with offset=" + std::to_string(offset + shown) + narrower + ".";
  }
  return result;
}

// The bridge's answer to `method`, stamped with the project it describes.
json ask_bridge(const Session& session, const project::BridgeMethod& method, const json& arguments,
                CallContext& context) {
  const auto bridge = session->bridge(context.stop);
  json result = ask(*session, *bridge, method, arguments, context);
  result["project"] = bridge->options().project_dir.string();
  return result;
}

Tool project_tool(std::string name, std::string title, std::string description, json input, json output,
                  registry::ToolAnnotations annotations, Handler handler) {
  return Tool{.name = std::move(name),
              .title = std::move(title),
              .description = std::move(description),
              .input_schema = std::move(input),
              .output_schema = std::move(output),
              .annotations = annotations,
              .deterministic = false,
              .handler = std::move(handler)};
}

// A tool listing the project's LiveViews or LiveComponents (`key`), in parts: the bridge method
// of the same name.
Tool class_list_tool(const Session& session, std::string name, std::string title, const std::string& description,
                     const std::string& key) {
  const auto& method = project::bridge_method(name);
  return project_tool(
      std::move(name), std::move(title),
      description + " A long list comes in parts: `more` says how many are left and the `offset` that gives them.",
      paged_arguments(), paged(stamped(method)), kReadsProject,
      [session, &method, key](const json& args, CallContext& context) {
        return page_of(ask_bridge(session, method, json::object(), context), key, args,
                       ", or ask get_view_schema about one");
      });
}

// ---- the tools --------------------------------------------------------------------------------

Tool list_views_tool(const Session& session) {
  return class_list_tool(
      session, "list_views", "List the project's LiveViews",
      "Lists every djust LiveView of the user's Django project as the running code defines it (found by "
      "subclassing, after importing every module of the project's own apps, tests, migrations and management "
      "commands aside, and the URLconf): class path, file and line, template, every handler a template may call "
      "with its origin (the class, a project base, djust or another library), the URL patterns that serve it "
      "and whether it declares any auth. "
      "Call it before changing a project's views; get_view_schema gives the full detail of one. import_errors "
      "lists modules that failed to import (their views are missing).",
      "views");
}

Tool list_components_tool(const Session& session) {
  return class_list_tool(
      session, "list_components", "List the project's LiveComponents",
      "Lists every djust LiveComponent of the user's Django project: class path, file and line, template, "
      "handlers with their origin and the keyword arguments its mount(**kwargs) takes (components get no request). "
      "Use it to "
      "reuse an existing component instead of writing a new one.",
      "components");
}

Tool list_routes_tool(const Session& session) {
  const auto& method = project::bridge_method("list_routes");
  const json kind = method.reply.at(json::json_pointer("/properties/routes/items/properties/kind"));
  return project_tool(
      "list_routes", "List the project's URL routes",
      "Lists every URL pattern of the user's Django project, includes and namespaces resolved: the full pattern, "
      "its name (namespace:name), its kind (liveview, class_view, function_view, drf_viewset, drf_apiview, admin), "
      "the view that serves it, its URL keyword arguments and, for DRF viewsets, the HTTP method to action map. "
      "Pass `kind` to list one kind only; `kinds` always counts all of them. A long list comes in parts: `more` "
      "says how many are left and the `offset` that gives them.",
      input_object({{"kind", described(kind, "Only routes of this kind.")}, {"offset", offset_input()}}),
      paged(stamped(method)), kReadsProject, [session, &method](const json& args, CallContext& context) {
        json result = ask_bridge(session, method, json::object(), context);
        if (args.contains("kind")) {
          json routes = json::array();
          for (auto& r : result["routes"])
            if (r["kind"] == args["kind"]) routes.push_back(std::move(r));
          result["routes"] = std::move(routes);
          result["count"] = result["routes"].size();
        }
        return page_of(std::move(result), "routes", args, args.contains("kind") ? "" : ", or pass `kind`");
      });
}

Tool view_schema_tool(const Session& session) {
  const auto& method = project::bridge_method("view_schema");
  return project_tool(
      "get_view_schema", "Describe one LiveView or LiveComponent",
      "Everything the running project says about one LiveView or LiveComponent: class path, module, file and "
      "line, bases and mixins, template (and the file it resolves to), each handler (kind, async, parameters "
      "with type, default and whether required, description, decorators with their settings, where defined and its "
      "origin: inherited "
      "handlers from project bases and djust's mixins included), "
      "the public state its methods assign (self.x = ..., annotated and augmented assignments included), auth "
      "(login_required, permission_required, an overridden check_permissions, auth mixins), configuration, "
      "mount() parameters and the routes that serve it. Call it before editing a view or writing a template "
      "for it. `view_name` is a class name or a dotted path; a name several classes share is an error that "
      "lists their paths.",
      input_object({{"view_name", described({{"type", "string"}, {"minLength", 1}, {"maxLength", 300}},
                                            "A class name such as 'CounterView', or its dotted path "
                                            "'shop.views.CounterView'.")}},
                   {"view_name"}),
      stamped(method), kReadsProject, [session, &method](const json& args, CallContext& context) {
        return ask_bridge(session, method, {{"view_name", args.at("view_name")}}, context);
      });
}

int severity(const json& level) {
  static const std::vector<std::string> order = {"critical", "error", "warning", "info", "debug"};
  const auto it = std::find(order.begin(), order.end(), level.get<std::string>());
  return static_cast<int>(it - order.begin());
}

// "config (C0xx), liveview (V), ...": each category with the check-id families data/schema/checks.json
// gives it.
std::string category_families() {
  std::vector<std::string> parts;
  for (const auto& category : knowledge::check_category_names()) {
    std::vector<std::string> prefixes;
    for (const auto& family : knowledge::schema_section("checks").at("families")) {
      if (family.at("category") != category) continue;
      const std::string prefix = family.at("prefix");
      prefixes.push_back(prefix.size() > 1 ? prefix + "xx" : prefix);
    }
    parts.push_back(category + " (" + core::join(prefixes, ", ") + ")");
  }
  return core::join(parts, ", ");
}

Tool system_checks_tool(const Session& session) {
  const auto& method = project::bridge_method("checks");
  const json category_schema = {{"type", "string"}, {"enum", check_categories()}};
  const json scope_schema = method.params.at(json::json_pointer("/properties/scope"));
  json output = with_properties(method.reply, {{"project", string_type()},
                                               {"scope", scope_schema},
                                               {"deploy", type("boolean")},
                                               {"category", type({"string", "null"})},
                                               {"count", count_type()},
                                               {"levels", counts_object()},
                                               {"categories", counts_object()}});
  json& check = output.at(json::json_pointer("/properties/checks/items"));
  check = with_properties(std::move(check), {{"category", category_schema}});
  return project_tool(
      "run_system_checks", "Run the project's system checks",
      "Runs Django's system-check framework inside the user's project, as `manage.py check` would: djust's "
      "checks (tag \"djust\", ids such as djust.V004) by default, every registered check with scope \"all\", and "
      "deployment checks with deploy=true. SILENCED_SYSTEM_CHECKS is honoured (`silenced` counts what it hid). "
      "Each finding has its id, category, level, message, hint and the file and line it points at when known, "
      "most severe first. `category` keeps one family: " +
          category_families() +
          ", django (checks of Django and other apps), other. `categories` counts every finding by category. A "
          "long list comes in parts: `more` says how many are left and the `offset` that gives them.",
      input_object(
          {{"category",
            described(with_values(category_schema, {""}),
                      "Only findings of this category." + djust_alias("\"\" for every category, djust 1.1's default"))},
           {"scope", described(with_default(scope_schema, "djust"),
                               "\"djust\": djust's checks only; \"all\": every check the project registers.")},
           {"deploy", described(with_default(type("boolean"), false), "Also run the checks meant for deployment.")},
           {"offset", offset_input()}}),
      paged(std::move(output)), kReadsProject,
      [session, &method, last = std::make_shared<LastResult>()](const json& args, CallContext& context) {
        const std::string scope = args.value("scope", std::string("djust"));
        const bool deploy = args.value("deploy", false);
        const std::string asked = args.value("category", std::string());
        const json category = asked.empty() ? json(nullptr) : json(asked);
        const auto bridge = session->bridge(context.stop);
        const fs::path project = bridge->options().project_dir;
        json all = last->get(args, project, [&] {
          json reply = ask(*session, *bridge, method, {{"scope", scope}, {"deploy", deploy}}, context);
          json checks = json::array();
          json levels = json::object();
          json categories = json::object();
          for (auto& c : reply.at("checks")) {
            const std::string cat = check_category(c.at("id").get<std::string>());
            c["category"] = cat;
            categories[cat] = categories.value(cat, 0) + 1;
            if (!category.is_null() && category != cat) continue;
            const std::string level = c.at("level").get<std::string>();
            levels[level] = levels.value(level, 0) + 1;
            checks.push_back(std::move(c));
          }
          std::stable_sort(checks.begin(), checks.end(), [](const json& a, const json& b) {
            return std::make_pair(severity(a.at("level")), a.at("id").get<std::string>()) <
                   std::make_pair(severity(b.at("level")), b.at("id").get<std::string>());
          });
          return json{{"project", project.string()},
                      {"scope", scope},
                      {"deploy", deploy},
                      {"category", category},
                      {"count", checks.size()},
                      {"checks", std::move(checks)},
                      {"levels", std::move(levels)},
                      {"categories", std::move(categories)},
                      {"silenced", reply.at("silenced")},
                      {"djust_checks_registered", reply.at("djust_checks_registered")}};
        });
        return page_of(std::move(all), "checks", args, category.is_null() ? ", or pass `category`" : "");
      });
}

Tool audit_tool(const Session& session) {
  const auto& method = project::bridge_method("audit");
  return project_tool(
      "run_audit", "Audit the project's LiveViews and LiveComponents",
      "A security-minded inventory of every LiveView and LiveComponent, in the JSON shape of djust's "
      "`manage.py djust_audit --json`: per class its template, auth (login_required, permission_required, "
      "custom_check, dispatch_mixin), djust mixins, exposed state (attribute -> the method that sets it), "
      "handlers with their signature and decorators, and config; the summary counts views, components, "
      "handlers and classes that expose state without any auth. `app_label` limits it to one installed app "
      "(apps whose names start with djust_ included). A long inventory comes in parts: `more` says how many "
      "are left and the `offset` that gives them; `summary` always counts them all.",
      input_object(
          {{"app_label", described({{"type", "string"}, {"pattern", "^([A-Za-z_][A-Za-z0-9_]*)?$"}, {"maxLength", 100}},
                                   "Only classes of this installed app (its label, e.g. 'shop')." +
                                       djust_alias("\"\" for every app, djust 1.1's default"))},
           {"offset", offset_input()}}),
      paged(method.reply), kReadsProject,
      [session, &method, last = std::make_shared<LastResult>()](const json& args, CallContext& context) {
        const std::string app_label = args.value("app_label", std::string());
        json params = json::object();
        if (!app_label.empty()) params["app_label"] = app_label;
        const auto bridge = session->bridge(context.stop);
        json all = last->get(args, bridge->options().project_dir,
                             [&] { return ask(*session, *bridge, method, params, context); });
        return page_of(std::move(all), "audits", args, app_label.empty() ? ", or pass `app_label`" : "");
      });
}

// The real path of fixture `given`, inside the canonical `root`. Throws ToolError.
fs::path checked_fixture(const fs::path& root, const std::string& given) {
  if (given.find('\0') != std::string::npos) throw ToolError("A fixture path contains a NUL character.");
  try {
    return core::resolve_within(root, given);
  } catch (const core::PathError& e) {
    throw ToolError("Refused fixture '" + given + "': " + e.what() +
                    ". seed_fixtures only loads files inside the project folder " + root.string() +
                    "; give paths relative to it. Nothing was loaded.");
  }
}

// Copies the fixture at `real` into the new private folder `folder`, under its own name, and
// returns the copy. The file is opened from `root` without following any link, so what is copied
// is the file that was checked even if a link is swapped in meanwhile; and loaddata, which also
// opens siblings of a name (`items` -> `items.json`, `items.json.gz`), finds none beside the copy.
fs::path copy_fixture(const fs::path& root, const fs::path& real, const fs::path& folder, const std::string& given) {
  constexpr std::size_t kMaxFixtureBytes = std::size_t{256} * 1024 * 1024;
  const auto refused = [&given](const std::string& why) {
    return ToolError("Refused fixture '" + given + "': " + why + ". Nothing was loaded.");
  };
  try {
    // O_NONBLOCK: a FIFO is refused below instead of waiting for a writer.
    const core::UniqueFd fd = core::open_beneath(root, real.lexically_relative(root), O_RDONLY | O_NONBLOCK);
    struct stat status {};
    if (::fstat(fd.get(), &status) != 0 || !S_ISREG(status.st_mode)) throw refused("it is not a file");
    const std::string content = core::read_descriptor(fd.get(), kMaxFixtureBytes, given);
    std::error_code error;
    fs::create_directory(folder, error);
    if (error) throw core::FileError("cannot make " + folder.string() + ": " + error.message());
    const fs::path copy = folder / real.filename();
    core::WriteOptions options;
    options.new_file_mode = 0600;
    std::string write_error;
    if (!core::write_file_atomically(copy, content, write_error, options)) throw core::FileError(write_error);
    return copy;
  } catch (const core::FileError& e) {
    throw refused(e.what());
  }
}

// Error text about the copies, naming the files the caller gave instead.
std::string with_original_paths(std::string text, const json& copies, const json& originals) {
  for (std::size_t i = 0; i < copies.size(); ++i) {
    const std::string copy = copies[i].get<std::string>();
    const std::string original = originals[i].get<std::string>();
    for (auto at = text.find(copy); at != std::string::npos; at = text.find(copy, at + original.size()))
      text.replace(at, copy.size(), original);
  }
  return text;
}

Tool seed_fixtures_tool(const Session& session) {
  const auto& method = project::bridge_method("seed");
  return project_tool(
      "seed_fixtures", "Load fixture files into the project's database",
      "Loads Django fixture files (JSON, XML or YAML dumps) into the project's database with `loaddata`, in one "
      "transaction: all objects or none. This WRITES to the database the project's settings point at. Paths are "
      "relative to the project folder (or absolute) and must resolve, symlinks included, to files inside it; each "
      "is read once, without following links, and loaddata gets a private copy, so it loads exactly that file "
      "(give the file's full name: loaddata does not look for `name.json` beside it). Returns how many objects were "
      "loaded from how many fixtures.",
      input_object({{"fixture_paths", described({{"type", "array"},
                                                 {"items", {{"type", "string"}, {"minLength", 1}, {"maxLength", 4096}}},
                                                 {"minItems", 1},
                                                 {"maxItems", 100}},
                                                "Fixture files, e.g. [\"shop/fixtures/items.json\"].")}},
                   {"fixture_paths"}),
      with_properties(method.reply, {{"project", string_type()}, {"fixtures", array_of(string_type())}}),
      kWritesDatabase, [session, &method](const json& args, CallContext& context) {
        const auto bridge = session->bridge(context.stop);
        std::error_code error;
        const fs::path root = fs::canonical(bridge->options().project_dir, error);
        if (error) throw ToolError("The project folder cannot be resolved: " + error.message());
        // loaddata gets private copies of exactly the files checked here (see copy_fixture).
        std::unique_ptr<core::TemporaryFolder> copies;
        try {
          copies = std::make_unique<core::TemporaryFolder>();
        } catch (const core::FileError& e) {
          throw ToolError(std::string(e.what()) + ". Nothing was loaded.");
        }
        json paths = json::array();
        json copied = json::array();
        for (const auto& item : args.at("fixture_paths")) {
          const std::string given = item.get<std::string>();
          const fs::path real = checked_fixture(root, given);
          copied.push_back(copy_fixture(root, real, copies->path() / std::to_string(copied.size()), given).string());
          paths.push_back(real.string());
        }
        json result;
        try {
          result = ask(*session, *bridge, method, {{"paths", copied}}, context);
        } catch (const ToolError& e) {
          throw ToolError(with_original_paths(e.what(), copied, paths));
        }
        result["project"] = root.string();
        result["fixtures"] = std::move(paths);
        return result;
      });
}

}  // namespace

const std::vector<std::string>& check_categories() {
  static const std::vector<std::string> categories = [] {
    std::vector<std::string> all = knowledge::check_category_names();
    all.insert(all.end(), {"django", "other"});
    return all;
  }();
  return categories;
}

std::string check_category(std::string_view id) {
  constexpr std::string_view prefix = "djust.";
  if (!id.starts_with(prefix)) return "django";
  const std::string category = knowledge::check_category_of(id.substr(prefix.size()));
  return category.empty() ? "other" : category;
}

std::vector<registry::Tool> project_tools(const std::shared_ptr<ProjectSession>& session) {
  return {list_views_tool(session),   list_components_tool(session), list_routes_tool(session),
          view_schema_tool(session),  system_checks_tool(session),   audit_tool(session),
          seed_fixtures_tool(session)};
}

}  // namespace djust::tools
