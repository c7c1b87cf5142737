#include "tools/api_tools.h"

#include "core/json_schema.h"
#include "core/log.h"
#include "core/text.h"
#include "project/bridge.h"
#include "project/bridge_contract.h"
#include "project/source_watcher.h"
#include "tools/answer_pages.h"
#include "tools/project_session.h"
#include "tools/schema_pieces.h"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

namespace djust::tools {
namespace {

namespace fs = std::filesystem;
using registry::CallContext;
using registry::json;
using registry::Tool;
using registry::ToolError;

constexpr std::size_t kMaxNameLength = 64;
constexpr std::size_t kHashLength = 8;
constexpr std::size_t kBytesPerToken = 4;
constexpr std::size_t kMaxDocLength = 400;
constexpr std::size_t kMaxErrorDataLength = 600;
// How often the sources are asked whether they changed (one read() of pending inotify events).
constexpr std::chrono::milliseconds kSourcePoll{500};

// ---- names ------------------------------------------------------------------------------------

// Lowercase letters, digits and single underscores.
std::string slug(std::string_view text) {
  std::string out;
  for (const char c : core::to_lower(text)) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep)
      out.push_back(c);
    else if (!out.empty() && out.back() != '_')
      out.push_back('_');
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? "x" : out;
}

// FNV-1a: a hash that is the same on every machine and every run, so names stay stable.
std::string stable_hash(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const unsigned char c : text) hash = (hash ^ c) * 1099511628211ULL;
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < kHashLength; ++i) out.push_back(kDigits[(hash >> (60 - 4 * i)) & 0xF]);
  return out;
}

// "api_product_list", "api_product_update" (update and partial_update are one tool),
// "admin_catalog_product_change", "admin_catalog_product_archive" (an admin action).
std::string base_name(const json& operation) {
  std::string action = operation.at("action");
  if (operation.at("kind") == "admin") {
    if (action.starts_with("action_")) action = action.substr(std::string_view("action_").size());
    return "admin_" + slug(operation.at("resource").get<std::string>()) + "_" + slug(action);
  }
  if (action == "partial_update") action = "update";
  return "api_" + slug(operation.at("resource").get<std::string>()) + "_" + slug(action);
}

// `*` and `?` over a whole text.
bool glob_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool any_glob_matches(const std::vector<std::string>& globs, const std::string& name, const std::string& path) {
  return std::any_of(globs.begin(), globs.end(),
                     [&](const std::string& g) { return glob_match(g, name) || glob_match(g, path); });
}

// ---- schemas ----------------------------------------------------------------------------------

// `schema` without the keywords our validator does not know, and without patterns outside its
// regex subset (kept in the description instead): a schema from the project must never mean
// something else here than it says, nor fail when first used.
json supported_schema(json schema) {
  for (const std::string& problem : core::unsupported_schema_keywords(schema)) {
    const auto colon = problem.find(": ");
    std::string pointer = problem.substr(0, colon);
    std::string keyword = problem.substr(colon + 2);
    if (keyword.starts_with("pattern: ")) keyword = "pattern";
    if (pointer == "/") pointer.clear();
    json& at = schema.at(json::json_pointer(pointer));
    if (!at.is_object() || !at.contains(keyword)) continue;
    if (keyword == "pattern") {
      const std::string note = "(matches the regular expression " + at.at("pattern").get<std::string>() + ")";
      at["description"] = at.contains("description") ? at["description"].get<std::string>() + " " + note : note;
    }
    at.erase(keyword);
  }
  return schema;
}

json input_schema(const json& operation) {
  json properties = json::object();
  std::vector<std::string> required;
  for (const auto& [name, schema] : operation.at("path_params").items()) {
    properties[name] = described(schema, "URL parameter of " + operation.at("path").get<std::string>() + ".");
    required.push_back(name);
  }
  for (const auto& [name, schema] : operation.at("query").items()) properties[name] = schema;
  if (const json& body = operation.at("body"); !body.is_null()) {
    properties["body"] = body.contains("description") ? body : described(body, "The request body.");
    if (!body.value("required", json::array()).empty()) required.push_back("body");
  }
  if (operation.at("writes").get<bool>()) {
    properties["dry_run"] =
        described(with_default(type("boolean"), false),
                  "Run the call in a transaction that is rolled back: the result shows what would have been written.");
  }
  return supported_schema(input_object(std::move(properties), required));
}

json dry_run_schema() { return project::bridge_method("api_call").reply.at(json::json_pointer("/properties/dry_run")); }

json output_schema(const json& operation) {
  return supported_schema(strict_object(
      {{"status", count_type()}, {"data", operation.at("output")}, {"dry_run", dry_run_schema()}}, {"dry_run"}));
}

std::string first_paragraph(const std::string& doc) {
  std::string text = doc.substr(0, doc.find("\n\n"));
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text.size() > kMaxDocLength ? text.substr(0, kMaxDocLength) + "..." : text;
}

std::string who(const ApiOptions& options) {
  return options.run_as ? "user '" + *options.run_as + "'" : "the anonymous user";
}

// Who a call runs as is not said here: the same on every tool, it would only make their cost, and
// so the budget's choice, depend on the length of the --run-as name. A refusal names the user.
std::string describe(const json& operation) {
  const bool admin = operation.at("kind") == "admin";
  std::string text =
      operation.at("method").get<std::string>() + " " + operation.at("path").get<std::string>() +
      (admin
           ? ": the admin's " + operation.at("action").get<std::string>() + " of " +
                 operation.at("model").get<std::string>() + " (" + operation.at("view").get<std::string>() + ")."
           : ": " + operation.at("action").get<std::string>() + " of " + operation.at("view").get<std::string>() + ".");
  if (const std::string doc = operation.at("doc"); !doc.empty()) text += " " + first_paragraph(doc);
  std::vector<std::string> needs;
  for (const auto& p : operation.at("permissions")) needs.push_back(p.get<std::string>());
  text += " Permission: " + (needs.empty() ? std::string("none") : core::join(needs, ", ")) + ".";
  if (!operation.at("throttles").empty()) {
    std::vector<std::string> throttles;
    for (const auto& t : operation.at("throttles")) throttles.push_back(t.get<std::string>());
    text += " Throttled by " + core::join(throttles, ", ") + ".";
  }
  for (const auto& note : operation.at("notes")) text += " " + note.get<std::string>();
  if (operation.at("writes").get<bool>())
    text += " Changes data: runs only when djust-mcp was started with --allow-writes; dry_run=true rolls it back.";
  return text;
}

std::string title(const json& operation) {
  const std::string action = operation.at("action");
  return operation.at("resource").get<std::string>() + ": " + (action == "partial_update" ? "update" : action) + " (" +
         operation.at("method").get<std::string>() + " " + operation.at("path").get<std::string>() + ")";
}

registry::ToolAnnotations annotations(const json& operation) {
  const bool writes = operation.at("writes");
  const std::string action = operation.at("action");
  const bool removes = operation.at("method") == "DELETE" || action == "delete" || action.starts_with("action_");
  const bool idempotent = !writes || action == "update" || action == "partial_update" || action == "change";
  return {.read_only = !writes, .destructive = writes && removes, .idempotent = idempotent, .open_world = false};
}

// ---- results ----------------------------------------------------------------------------------

// "`price`: A valid number is required." for each field of a 400's data, nested fields dotted.
void field_errors(const json& data, const std::string& at, std::vector<std::string>& out) {
  const std::string field = at.empty() ? "(the whole input)" : at;
  if (data.is_string()) {
    out.push_back("`" + field + "`: " + data.get<std::string>());
  } else if (data.is_array() && std::all_of(data.begin(), data.end(), [](const json& m) { return m.is_string(); })) {
    std::vector<std::string> messages;
    for (const auto& m : data) messages.push_back(m.get<std::string>());
    out.push_back("`" + field + "`: " + core::join(messages, " "));
  } else if (data.is_array()) {
    for (std::size_t i = 0; i < data.size(); ++i) field_errors(data[i], at + "[" + std::to_string(i) + "]", out);
  } else if (data.is_object()) {
    for (const auto& [key, value] : data.items()) {
      const bool whole = key == "non_field_errors" || key == "__all__";
      field_errors(value, whole ? at : (at.empty() ? key : at + "." + key), out);
    }
  }
}

std::string detail_of(const json& data) {
  if (data.is_object() && data.contains("detail") && data.at("detail").is_string()) return data.at("detail");
  const std::string text = data.is_string() ? data.get<std::string>() : data.dump();
  return text.size() > kMaxErrorDataLength ? text.substr(0, kMaxErrorDataLength) + "..." : text;
}

// The reply as the tool's result, or a ToolError saying what failed and what to do.
json result_of(const json& operation, const ApiOptions& options, json reply) {
  const int status = reply.at("status");
  if (status >= 200 && status < 300) return reply;
  const json& data = reply.at("data");
  const std::string call = operation.at("method").get<std::string>() + " " + operation.at("path").get<std::string>();
  if (status == 400) {
    std::vector<std::string> problems;
    field_errors(data, "", problems);
    std::string text = core::join(problems, "; ");
    if (!text.ends_with('.')) text += '.';  // Django's and DRF's messages end with one already
    throw ToolError("The project refused the input (HTTP 400 from " + call + "): " + text +
                    " Correct these fields and call again.");
  }
  if (status == 401 || status == 403) {
    std::vector<std::string> needs;
    for (const auto& p : operation.at("permissions")) needs.push_back(p.get<std::string>());
    std::string text = "Permission denied (HTTP " + std::to_string(status) + " from " + call + ") for " + who(options) +
                       ": " + detail_of(data) + " It needs: " + core::join(needs, ", ") + ".";
    if (!options.run_as)
      text += " Calls run as the anonymous user; start djust-mcp with --run-as USERNAME to call as a user.";
    throw ToolError(text);
  }
  if (status == 404) throw ToolError("Not found (HTTP 404 from " + call + "): " + detail_of(data));
  throw ToolError("The project answered HTTP " + std::to_string(status) + " to " + call + ": " + detail_of(data));
}

// ---- the tools --------------------------------------------------------------------------------

struct Endpoint {
  std::shared_ptr<const json> operation;  // the bridge's description, shared with the tool's handler
  Tool tool;                              // without its output schema: see endpoints_of
};
using Endpoints = std::vector<Endpoint>;

// Runs one operation with the arguments of its tool; shared by its own tool and the gateway.
json call_operation(ProjectSession& session, const ApiOptions& options, const json& operation,
                    const std::string& tool_name, const json& args, CallContext& context) {
  if (operation.at("writes").get<bool>() && !options.allow_writes) {
    throw ToolError(tool_name + " changes data (" + operation.at("method").get<std::string>() + " " +
                    operation.at("path").get<std::string>() +
                    ") and this djust-mcp is read-only. Restart it with --allow-writes (or DJUST_MCP_ALLOW_WRITES=1) "
                    "to call it; dry_run=true then runs it in a transaction that is rolled back.");
  }
  json params = {{"id", operation.at("id")},
                 {"path", json::object()},
                 {"query", json::object()},
                 {"dry_run", args.value("dry_run", false)},
                 {"run_as", options.run_as ? json(*options.run_as) : json(nullptr)}};
  for (const auto& [name, schema] : operation.at("path_params").items()) params["path"][name] = args.at(name);
  for (const auto& [name, schema] : operation.at("query").items())
    if (args.contains(name)) params["query"][name] = args.at(name);
  if (!operation.at("body").is_null()) params["body"] = args.value("body", json::object());
  const auto bridge = session.bridge(context.stop);
  try {
    return result_of(operation, options, bridge->request(project::bridge_method("api_call"), params, context.stop));
  } catch (const project::BridgeError& e) {
    throw ToolError(e.what());
  }
}

// One tool per operation, taking the operations over. Their output schemas are left out: only a
// listed tool (each mode) and api_describe_endpoint need one, and with 1,400 endpoints building them
// all would cost a large part of the discovery's time and memory.
Endpoints endpoints_of(json operations, const std::shared_ptr<ProjectSession>& session, const ApiOptions& options) {
  std::vector<std::string> bases;
  std::vector<std::string> ids;
  for (const auto& operation : operations) {
    bases.push_back(base_name(operation));
    ids.push_back(operation.at("id"));
  }
  // Named before filtering, so that --api-include/--api-exclude never rename a tool.
  const std::vector<std::string> names = unique_tool_names(bases, ids);
  Endpoints out;
  for (std::size_t i = 0; i < operations.size(); ++i) {
    const std::string& path = operations[i].at("path");
    if (!options.include.empty() && !any_glob_matches(options.include, names[i], path)) continue;
    if (any_glob_matches(options.exclude, names[i], path)) continue;
    auto operation = std::make_shared<const json>(std::move(operations[i]));
    Tool tool{.name = names[i],
              .title = title(*operation),
              .description = describe(*operation),
              .input_schema = input_schema(*operation),
              .output_schema = {},
              .annotations = annotations(*operation),
              .deterministic = false,
              .handler = {}};
    tool.handler = [session, options, operation, name = names[i]](const json& args, CallContext& context) {
      return call_operation(*session, options, *operation, name, args, context);
    };
    out.push_back({std::move(operation), std::move(tool)});
  }
  return out;
}

const Endpoint& endpoint_named(const Endpoints& endpoints, const std::string& name) {
  const auto it =
      std::find_if(endpoints.begin(), endpoints.end(), [&](const Endpoint& e) { return e.tool.name == name; });
  if (it != endpoints.end()) return *it;
  std::vector<std::string> names;
  for (const auto& e : endpoints) names.push_back(e.tool.name);
  std::string text = "No endpoint named '" + name + "'.";
  if (auto guess = core::closest_match(name, names)) text += " Did you mean '" + *guess + "'?";
  throw ToolError(text + " api_search_endpoints lists them.");
}

json endpoint_summary(const Endpoint& e) {
  return {{"name", e.tool.name},
          {"title", e.tool.title},
          {"method", e.operation->at("method")},
          {"path", e.operation->at("path")},
          {"kind", e.operation->at("kind")},
          {"writes", e.operation->at("writes")}};
}

json summary_schema() {
  return strict_object({{"name", string_type()},
                        {"title", string_type()},
                        {"method", string_type()},
                        {"path", string_type()},
                        {"kind", {{"enum", {"drf", "admin"}}}},
                        {"writes", type("boolean")}});
}

bool matches_words(const Endpoint& e, const std::string& query) {
  const std::string haystack = core::to_lower(e.tool.name + " " + e.tool.title + " " + e.tool.description);
  const std::string words = core::to_lower(query);
  for (std::size_t start = 0; start < words.size();) {
    const std::size_t end = std::min(words.find(' ', start), words.size());
    if (end > start && haystack.find(words.substr(start, end - start)) == std::string::npos) return false;
    start = end + 1;
  }
  return true;
}

registry::ToolAnnotations gateway_reads() {
  return {.read_only = true, .destructive = false, .idempotent = true, .open_world = false};
}

// Above the budget: three tools that reach every endpoint, with the same calls and safety.
std::vector<Tool> gateway_tools(std::shared_ptr<const Endpoints> endpoints, std::size_t tokens,
                                const ApiOptions& options) {
  const std::string why = "The project's API has " + std::to_string(endpoints->size()) + " endpoint tools (about " +
                          std::to_string(tokens) + " tokens of definitions), ";
  Tool search{
      .name = "api_search_endpoints",
      .title = "Search the project's API endpoints",
      .description = why +
                     "so they are reached through this search, api_describe_endpoint and api_call_endpoint. Lists the "
                     "project's DRF endpoints" +
                     (options.admin ? std::string(" and admin models") : std::string()) +
                     " whose name, URL or description contains every word of `query` (all without one), a page at a "
                     "time: `more` says how many are left and the `offset` that gives them.",
      .input_schema = input_object(
          {{"query", described({{"type", "string"}, {"maxLength", 200}}, "Words to look for, e.g. 'product list'.")},
           {"kind", described({{"enum", {"drf", "admin"}}}, "Only DRF endpoints or only admin models.")},
           {"offset",
            described(with_default(count_type(), 0), "Skip this many: the `next_offset` of the last page.")}}),
      .output_schema =
          with_optional(strict_object({{"count", count_type()}, {"endpoints", array_of(summary_schema())}}),
                        {{"next_offset", count_type()}, {"more", string_type()}}),
      .annotations = gateway_reads(),
      .deterministic = false,
      .handler = {}};
  search.handler = [endpoints](const json& args, CallContext&) {
    json found = json::array();
    for (const auto& e : *endpoints) {
      if (args.contains("kind") && e.operation->at("kind") != args.at("kind")) continue;
      if (matches_words(e, args.value("query", std::string()))) found.push_back(endpoint_summary(e));
    }
    const std::size_t offset = args.value("offset", std::size_t{0});
    if (offset > found.size()) throw ToolError("offset " + std::to_string(offset) + " is past the end.");
    const std::size_t shown = items_fitting(found, offset, kPageBytes);
    json result = {{"count", found.size()},
                   {"endpoints", json(found.begin() + static_cast<std::ptrdiff_t>(offset),
                                      found.begin() + static_cast<std::ptrdiff_t>(offset + shown))}};
    if (offset + shown < found.size()) {
      result["next_offset"] = offset + shown;
      result["more"] = std::to_string(found.size() - offset - shown) +
                       " more: call again with offset=" + std::to_string(offset + shown) + ".";
    }
    return result;
  };

  const json name_argument = described({{"type", "string"}, {"minLength", 1}, {"maxLength", kMaxNameLength}},
                                       "The endpoint's name, as api_search_endpoints gives it.");
  Tool describe_tool{
      .name = "api_describe_endpoint",
      .title = "Describe one of the project's API endpoints",
      .description =
          "Everything about one endpoint of the project's API: its method and URL, the permission it needs, "
          "the JSON Schema of the `arguments` api_call_endpoint takes for it, and of its result.",
      .input_schema = input_object({{"name", name_argument}}, {"name"}),
      .output_schema = with_properties(summary_schema(), {{"description", string_type()},
                                                          {"input_schema", type("object")},
                                                          {"output_schema", type("object")},
                                                          {"permissions", array_of(string_type())}}),
      .annotations = gateway_reads(),
      .deterministic = false,
      .handler = {}};
  describe_tool.handler = [endpoints](const json& args, CallContext&) {
    const Endpoint& e = endpoint_named(*endpoints, args.at("name"));
    json result = endpoint_summary(e);
    result["description"] = e.tool.description;
    result["input_schema"] = e.tool.input_schema;
    result["output_schema"] = output_schema(*e.operation);
    result["permissions"] = e.operation->at("permissions");
    return result;
  };

  Tool call{
      .name = "api_call_endpoint",
      .title = "Call one of the project's API endpoints",
      .description =
          "Calls one endpoint of the project's API through its own view or ModelAdmin (permissions, throttles, "
          "pagination, filters and validation run) as " +
          who(options) +
          ", with `arguments` as api_describe_endpoint describes them. Endpoints that change data run only when "
          "djust-mcp was started with --allow-writes; their `dry_run` argument rolls the call back.",
      .input_schema = input_object(
          {{"name", name_argument}, {"arguments", described(type("object"), "The endpoint's arguments.")}}, {"name"}),
      .output_schema = strict_object(
          {{"status", count_type()}, {"data", json::object()}, {"dry_run", dry_run_schema()}}, {"dry_run"}),
      .annotations = {.read_only = false, .destructive = true, .idempotent = false, .open_world = false},
      .deterministic = false,
      .handler = {}};
  call.handler = [endpoints](const json& args, CallContext& context) {
    const Endpoint& e = endpoint_named(*endpoints, args.at("name"));
    const json arguments = args.value("arguments", json::object());
    // The endpoint's own schema holds here as it does for its own tool.
    if (std::string problems = registry::describe_argument_errors(e.tool, arguments); !problems.empty())
      throw ToolError(problems);
    return e.tool.handler(arguments, context);
  };
  return {std::move(search), std::move(describe_tool), std::move(call)};
}

// ---- keeping them current ---------------------------------------------------------------------

// The project did not load at all: not the API's own failure, and reported by the project tools.
class ProjectLoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ApiTools final : public registry::DynamicTools, public std::enable_shared_from_this<ApiTools> {
 public:
  ApiTools(std::shared_ptr<ProjectSession> session, ApiOptions options, bool patient)
      : session_(std::move(session)), options_(std::move(options)), patient_(patient) {}
  ~ApiTools() override {
    watcher_.request_stop();
    changed_.notify_all();
  }

  std::shared_ptr<const std::vector<Tool>> current(std::chrono::milliseconds wait) override {
    std::unique_lock lock(mutex_);
    if (!searched_ && !searching_) {
      lock.unlock();
      refresh();
      lock.lock();
    }
    changed_.wait_for(lock, patient_ ? wait : std::chrono::milliseconds(0), [this] { return !searching_; });
    return tools_;
  }

  std::string refresh() override { return search({}); }

  bool searching() const override {
    std::lock_guard lock(mutex_);
    return patient_ && searching_;  // without a project no search can find anything
  }

  // The client's roots changed, so the project may have: the watcher searches again (if it runs).
  void search_again() {
    {
      std::lock_guard lock(mutex_);
      roots_changed_ = true;
    }
    changed_.notify_all();
  }

  std::shared_ptr<void> watch(std::function<void()> listener) override {
    std::lock_guard hold(listeners_mutex_);
    const int id = next_listener_++;
    listeners_[id] = std::move(listener);
    {
      std::lock_guard lock(mutex_);
      if (!watcher_.joinable()) {
        searching_ = true;  // a tools/list that comes first waits for this search
        watcher_ = std::jthread([this](std::stop_token stop) { watch_loop(stop); });
      }
    }
    return std::shared_ptr<void>(nullptr, [weak = weak_from_this(), id](void*) {
      if (const auto alive = weak.lock()) {
        std::lock_guard unsubscribing(alive->listeners_mutex_);  // waits for a notification under way
        alive->listeners_.erase(id);
      }
    });
  }

 private:
  std::string search(const std::stop_token& stop) {
    std::lock_guard one_at_a_time(search_mutex_);
    {
      std::lock_guard lock(mutex_);
      searching_ = true;
    }
    std::vector<Tool> found;
    std::string problem;
    try {
      found = discover(stop);
    } catch (const ToolError& e) {
      problem = e.what();
      core::log(core::LogLevel::debug, "api", "no project API tools: " + problem);
    } catch (const ProjectLoadError& e) {
      problem = e.what();  // the project tools' start-time probe reports it
      core::log(core::LogLevel::debug, "api", "no project API tools: " + problem);
    } catch (const project::BridgeError& e) {
      problem = e.what();
      core::log(core::LogLevel::error, "api", "The project's API tools are missing: " + problem);
    }
    std::string signature;
    for (const auto& t : found) signature += t.name + t.description + t.input_schema.dump() + t.output_schema.dump();
    bool changed = false;
    {
      std::lock_guard lock(mutex_);
      changed = signature != signature_;
      if (changed) {
        tools_ = std::make_shared<const std::vector<Tool>>(std::move(found));
        signature_ = std::move(signature);
      }
      searched_ = true;
      searching_ = false;
    }
    changed_.notify_all();
    if (changed) {
      std::lock_guard hold(listeners_mutex_);
      for (const auto& [id, listener] : listeners_) listener();
    }
    return problem;
  }

  std::vector<Tool> discover(const std::stop_token& stop) {
    const auto bridge = session_->bridge(stop);
    try {
      bridge->info(stop);
    } catch (const project::BridgeError& e) {
      throw ProjectLoadError(e.what());
    }
    const json params = {{"admin", options_.admin},
                         {"run_as", options_.run_as ? json(*options_.run_as) : json(nullptr)}};
    json reply = bridge->request(project::bridge_method("api_operations"), params, stop);
    {
      std::lock_guard lock(mutex_);
      project_dir_ = bridge->options().project_dir;
    }
    for (const auto& error : reply.at("errors"))
      core::log(core::LogLevel::warning, "api",
                "left out " + error.at("where").get<std::string>() + ": " + error.at("error").get<std::string>());
    Endpoints endpoints = endpoints_of(std::move(reply.at("operations")), session_, options_);
    std::size_t tokens = 0;
    for (const auto& e : endpoints) tokens += tool_tokens(e.tool);
    const bool gateway = options_.mode == ApiOptions::Mode::gateway ||
                         (options_.mode == ApiOptions::Mode::automatic && tokens > options_.budget_tokens);
    core::log(core::LogLevel::info, "api",
              std::to_string(endpoints.size()) + " project API endpoints, about " + std::to_string(tokens) +
                  " tokens of tool definitions (budget " + std::to_string(options_.budget_tokens) +
                  "): " + (gateway ? "three gateway tools" : "one tool each"));
    if (gateway) return gateway_tools(std::make_shared<const Endpoints>(std::move(endpoints)), tokens, options_);
    std::vector<Tool> tools;
    for (auto& e : endpoints) {
      e.tool.output_schema = output_schema(*e.operation);
      tools.push_back(std::move(e.tool));
    }
    return tools;
  }

  // Searches at once, then again after each change of the project's sources.
  void watch_loop(const std::stop_token& stop) {
    std::unique_ptr<project::SourceWatcher> sources;
    fs::path watched;
    while (!stop.stop_requested()) {
      if (sources) sources->reset();
      search(stop);
      fs::path dir;
      {
        std::lock_guard lock(mutex_);
        dir = project_dir_;
      }
      if (!dir.empty() && dir != watched) {
        sources = std::make_unique<project::SourceWatcher>(dir);
        watched = dir;
      }
      std::unique_lock lock(mutex_);
      while (!changed_.wait_for(lock, stop, kSourcePoll, [this] { return roots_changed_; }) && !stop.stop_requested()) {
        if (sources && sources->changed()) break;
      }
      roots_changed_ = false;
    }
  }

  std::shared_ptr<ProjectSession> session_;
  const ApiOptions options_;
  const bool patient_;  // tools/list waits for a search under way

  mutable std::mutex mutex_;  // guards what follows, to the listeners
  std::condition_variable_any changed_;
  std::shared_ptr<const std::vector<Tool>> tools_ = std::make_shared<const std::vector<Tool>>();
  std::string signature_;
  bool searched_ = false;
  bool searching_ = false;
  bool roots_changed_ = false;
  fs::path project_dir_;

  std::mutex search_mutex_;  // one search at a time

  std::mutex listeners_mutex_;
  std::map<int, std::function<void()>> listeners_;
  int next_listener_ = 0;

  std::jthread watcher_;  // last: stopped and joined before the rest goes
};

}  // namespace

std::vector<std::string> unique_tool_names(const std::vector<std::string>& bases, const std::vector<std::string>& ids) {
  std::map<std::string, int> uses;
  for (const auto& base : bases) ++uses[base];
  std::vector<std::string> names;
  for (std::size_t i = 0; i < bases.size(); ++i) {
    const std::string& base = bases[i];
    if (uses[base] == 1 && base.size() <= kMaxNameLength) {
      names.push_back(base);
    } else {
      names.push_back(base.substr(0, std::min(base.size(), kMaxNameLength - kHashLength - 1)) + "_" +
                      stable_hash(ids[i]));
    }
  }
  return names;
}

std::size_t tool_tokens(const Tool& tool) {
  return (tool.name.size() + tool.description.size() + tool.input_schema.dump().size() + kBytesPerToken - 1) /
         kBytesPerToken;
}

std::shared_ptr<registry::DynamicTools> api_tools(const std::shared_ptr<ProjectSession>& session,
                                                  const ToolOptions& options) {
  auto tools = std::make_shared<ApiTools>(session, options.api, options.project_dir.has_value());
  // With --project the roots cannot change the project, so a change of them is no reason to search.
  if (options.client_roots && !options.project_dir) {
    options.client_roots->on_change([weak = std::weak_ptr<ApiTools>(tools)] {
      if (const auto alive = weak.lock()) alive->search_again();
    });
  }
  return tools;
}

}  // namespace djust::tools
