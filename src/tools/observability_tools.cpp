#include "tools/observability_tools.h"

#include "core/json_schema.h"
#include "knowledge/knowledge.h"
#include "project/dev_server_client.h"
#include "tools/schema_pieces.h"

#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace djust::tools {
namespace {

using project::DevServerClient;
using project::DevServerError;
using project::DevServerRequest;
using project::HttpMethod;
using registry::json;
using registry::Tool;
using registry::ToolError;
using Kind = DevServerError::Kind;

// openWorldHint is false throughout: these tools reach the user's own dev server on this machine
// (another host only when the user starts djust-mcp with --allow-remote-dev-server), not the open
// internet.
constexpr registry::ToolAnnotations kReadsLiveState{
    .read_only = true, .destructive = false, .idempotent = true, .open_world = false};
// Runs project code against the live view: its state changes, and so does the world unless
// dry_run blocks the side effects.
constexpr registry::ToolAnnotations kRunsHandler{
    .read_only = false, .destructive = true, .idempotent = false, .open_world = false};
// Throws the view's state away; resetting twice leaves what resetting once does.
constexpr registry::ToolAnnotations kResetsState{
    .read_only = false, .destructive = true, .idempotent = true, .open_world = false};

// Appended to every description, so that a model knows what must be running before it calls.
constexpr const char* kNeedsDevServer =
    " Needs the project's dev server running (python manage.py runserver) with DEBUG = True and djust's "
    "observability URLs in urls.py; djust-mcp reaches it at --dev-server / DJUST_DEV_SERVER_URL (default "
    "http://127.0.0.1:8000).";

// What the family shares: the configured URL, checked once, and the time limits.
struct Setup {
  std::string configured_url;
  std::variant<DevServerClient, DevServerError> connection;
  ObservabilityTimeouts timeouts;
};
using SharedSetup = std::shared_ptr<const Setup>;

// How a tool's arguments become a request.
struct Endpoint {
  HttpMethod method = HttpMethod::get;
  std::string name{};                // the path segment under /_djust/observability/
  std::vector<std::string> query{};  // arguments sent as query parameters, valued from the schema's default
  // The JSON body of a POST; empty for none. Throws ToolError for arguments it refuses.
  std::function<json(const json& arguments)> body{};
  bool runs_handler = false;  // gets the longer eval_handler time limit
};

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

json session_id_input() {
  return {{"type", "string"},
          {"minLength", 1},
          {"maxLength", 200},
          {"pattern", "^\\S+$"},
          {"description",
           "The page's djust session id: djust sends it to the browser when the page's WebSocket connects, and "
           "it appears as session_id in get_sql_queries_since and get_last_traceback entries."}};
}

json since_ms_input() {
  return {{"type", "integer"},
          {"minimum", 0},
          {"maximum", 9007199254740991LL},
          {"default", 0},
          {"description",
           "Only what was recorded after this moment, in milliseconds since the Unix epoch (pass the last "
           "timestamp_ms you saw to get only newer entries). 0 for everything still buffered."}};
}

json limit_input() {
  return {{"type", "integer"},
          {"minimum", 1},
          {"maximum", 500},
          {"default", 500},
          {"description", "At most this many entries, the newest ones (djust keeps 500)."}};
}

json handler_filter_input(const std::string& description) {
  return {{"type", "string"}, {"maxLength", 200}, {"default", ""}, {"description", description}};
}

json assigns_output(const std::string& description) {
  return described(type("object"),
                   description + " Values that are not JSON-serializable appear as {\"_repr\": ..., \"_type\": ...}.");
}

json side_effect_output() {
  return open_object({{"kind", described(type("string"), "orm_save, orm_delete, orm_bulk_*, email, http or urllib.")},
                      {"target", described(type("string"), "What was called, e.g. 'Todo.save' or 'requests.post'.")},
                      {"details", described(type("object"), "Call specifics, e.g. the primary key or the URL.")}},
                     {"kind", "target"});
}

// ---------------------------------------------------------------------------------------------
// Errors: what went wrong, and what to do about it
// ---------------------------------------------------------------------------------------------

std::string loopback_url(const project::DevServerUrl& url) {
  return "http://127.0.0.1:" + std::to_string(url.port) + url.path_prefix;
}

std::string setup_problem(const DevServerError& error, const std::string& configured_url) {
  if (error.kind == Kind::remote_not_allowed) {
    return "Refusing to contact the dev server at '" + configured_url + "': " + error.detail +
           ". djust's observability endpoints expose live state and answer only callers on the same machine, so "
           "djust-mcp contacts loopback addresses (127.0.0.0/8, ::1, localhost) only. Point --dev-server / "
           "DJUST_DEV_SERVER_URL at http://127.0.0.1:<port>, or start djust-mcp with --allow-remote-dev-server if "
           "that host is yours.";
  }
  return "The dev server URL '" + configured_url + "' cannot be used: " + error.detail +
         ". Start djust-mcp with --dev-server (or set DJUST_DEV_SERVER_URL) to the address `python manage.py "
         "runserver` prints, e.g. http://127.0.0.1:8000.";
}

std::string hint_or(const DevServerError& error, const std::string& fallback) {
  return error.server_hint.empty() ? fallback : error.server_hint;
}

std::string status_problem(const DevServerError& error, const std::string& call, const project::DevServerUrl& url) {
  using Body = DevServerError::Body;
  const std::string head = "The dev server answered " + std::to_string(error.status) +
                           (error.server_message.empty() ? "" : ": " + error.server_message) + " (" + call + "). ";
  switch (error.status) {
    case 400:
      return head + hint_or(error, "djust rejected the request; correct the arguments and call again.");
    case 403:
      return head + hint_or(error,
                            "djust's observability endpoints answer only requests from loopback: run "
                            "djust-mcp on the machine that runs runserver, with --dev-server " +
                                loopback_url(url) + ".");
    case 404:
      if (error.body == Body::json) {
        return head + hint_or(error,
                              "The session_id must belong to a page that is open right now: a session ends when "
                              "the browser disconnects and when runserver restarts. Open or reload the page and "
                              "use the session id of its new WebSocket connection.");
      }
      if (error.body == Body::empty) {
        return head +
               "An empty 404 is how djust hides these endpoints: DEBUG is off (set DEBUG = True in the "
               "development settings) or the request did not come from loopback (run djust-mcp on the same "
               "machine, with --dev-server " +
               loopback_url(url) + ").";
      }
      return head +
             "The project does not route djust's observability URLs: add path(\"_djust/observability/\", "
             "include(\"djust.observability.urls\")) to the project's urls.py (with DEBUG = True), or correct the "
             "path in --dev-server if Django is mounted elsewhere.";
    case 405:
      return head +
             "djust's endpoints take GET (readers) and POST (eval_handler, reset_view_state), which is what was "
             "sent, so what answers there is not djust's observability endpoint, or the project's djust predates "
             "it. Check --dev-server and that the project uses djust " +
             knowledge::djust_version() + " or later.";
    case 409:
      return head + hint_or(error, "The view cannot do this in its current state; reload the page and call again.");
    case 500:
      if (error.body == Body::json) {
        return head +
               "The project's code raised on the dev server; fix it and call again (the runserver console and "
               "get_last_traceback show the details).";
      }
      return head +
             "The dev server failed with an internal error; the runserver console (and get_last_traceback) show "
             "the traceback.";
    default:
      return head + hint_or(error, "Check the runserver console for the reason, then call again.");
  }
}

std::string call_problem(const DevServerError& error, const std::string& call, const project::DevServerUrl& url) {
  const std::string where = " (" + call + "). ";
  switch (error.kind) {
    case Kind::cannot_connect:
      return "Could not reach the djust dev server: " + error.detail + where +
             "Start it in the project with `python manage.py runserver`, or point --dev-server / "
             "DJUST_DEV_SERVER_URL at the address it listens on, then call again.";
    case Kind::timeout:
      return "The dev server did not answer in time: " + error.detail + where +
             "It may be paused in a debugger, busy with a slow request or stuck; check the runserver console, "
             "then call again.";
    case Kind::connection_lost:
      return "The connection to the dev server broke: " + error.detail + where +
             "runserver restarts whenever code changes; wait until it is up again, then call again.";
    case Kind::too_large:
      return "The dev server's answer is too large: " + error.detail + where +
             "djust's endpoints never send that much, so check that --dev-server points at the project's "
             "runserver.";
    case Kind::invalid_json:
      return "The answer is not djust's: " + error.detail + where +
             "Something other than the Django project answers at that address (another app, or a front-end dev "
             "server?); point --dev-server / DJUST_DEV_SERVER_URL at the port `python manage.py runserver` uses.";
    case Kind::cancelled:
      return "The call was cancelled before the dev server answered.";
    case Kind::http_status:
      return status_problem(error, call, url);
    case Kind::invalid_url:
    case Kind::remote_not_allowed:
      break;  // reported before any call, by setup_problem
  }
  return error.detail;
}

// ---------------------------------------------------------------------------------------------
// The one path every tool takes: arguments -> request -> answer -> checked result
// ---------------------------------------------------------------------------------------------

std::string query_value(const json& value) {
  return value.is_string() ? value.get<std::string>() : std::to_string(value.get<long long>());
}

using Handler = std::function<json(const json&, registry::CallContext&)>;

Handler handler_for(Endpoint endpoint, json input_schema, json output_schema, SharedSetup setup) {
  return [endpoint = std::move(endpoint), input_schema = std::move(input_schema),
          output_schema = std::move(output_schema),
          setup = std::move(setup)](const json& arguments, registry::CallContext& context) {
    DevServerRequest request{
        .method = endpoint.method,
        .endpoint = endpoint.name,
        .timeout = endpoint.runs_handler ? setup->timeouts.eval_handler : setup->timeouts.standard};
    for (const auto& name : endpoint.query) {
      const json& value =
          arguments.contains(name) ? arguments.at(name) : input_schema.at("properties").at(name).at("default");
      // djust reads an empty filter as no filter; leaving it out keeps the URL short.
      if (value.is_string() && value.get_ref<const std::string&>().empty()) continue;
      request.query.emplace_back(name, query_value(value));
    }
    if (endpoint.body) request.body = endpoint.body(arguments);

    const auto* client = std::get_if<DevServerClient>(&setup->connection);
    if (!client) throw ToolError(setup_problem(std::get<DevServerError>(setup->connection), setup->configured_url));
    auto answer = client->send(request, context.stop);
    const std::string call = (endpoint.method == HttpMethod::post ? "POST " : "GET ") + client->url_for(request);
    if (const auto* error = std::get_if<DevServerError>(&answer))
      throw ToolError(call_problem(*error, call, client->url()));

    json result = std::move(std::get<json>(answer));
    // The answer comes from another program (the project's djust), so its shape is checked here,
    // where the likely cause is known (another djust version); Registry::call's check of every
    // result would report it as a bug of ours.
    if (const auto violations = core::validate_json(output_schema, result); !violations.empty()) {
      const auto& first = violations.front();
      throw ToolError("The dev server answered, but not in the shape djust " + knowledge::djust_version() + " uses (" +
                      (first.path.empty() ? "the answer" : first.path) + " " + first.message + "; " + call +
                      "). The project's djust version probably differs from the one djust-mcp knows; "
                      "upgrade whichever is older.");
    }
    return result;
  };
}

// ---------------------------------------------------------------------------------------------
// The tools
// ---------------------------------------------------------------------------------------------

std::string needs_dev_server(std::string description) { return description + kNeedsDevServer; }

Tool view_assigns_tool(const SharedSetup& setup) {
  json input = input_object({{"session_id", session_id_input()}}, {"session_id"});
  json output = open_object({{"session_id", described(type("string"), "The session asked about.")},
                             {"view_class", described(type("string"), "The LiveView's class name.")},
                             {"view_module", described(type("string"), "The module defining it.")},
                             {"assigns", assigns_output("Public attribute name -> value.")}},
                            {"session_id", "view_class", "assigns"});
  return {.name = "get_view_assigns",
          .title = "Live view state",
          .description = needs_dev_server(
              "Reads the public state (the self.* attributes not starting with '_') of the LiveView mounted for one "
              "browser session, as the running server holds it right now. Use it to see what a template is "
              "rendered from, or to check what a handler really changed, instead of guessing from the code. "
              "Returns the view's class and module and its assigns."),
          .input_schema = input,
          .output_schema = output,
          .annotations = kReadsLiveState,
          .deterministic = false,
          .handler = handler_for({.name = "view_assigns", .query = {"session_id"}}, input, output, setup)};
}

// eval_handler's body: {handler_name, params} plus dry_run and dry_run_block only when a dry run
// is asked for, as djust's own client sends it.
json eval_handler_body(const json& arguments) {
  const std::string handler = arguments.at("handler_name");
  if (handler.starts_with('_')) {
    throw ToolError("Refusing to call '" + handler +
                    "': names starting with '_' are private methods and Python internals (__init__, mount "
                    "machinery, ...), not event handlers, and djust refuses them too. Pass the name of a public "
                    "@event_handler method.");
  }
  json body = {{"handler_name", handler}, {"params", arguments.value("params", json::object())}};
  if (arguments.value("dry_run", false)) {
    body["dry_run"] = true;
    body["dry_run_block"] = arguments.value("dry_run_block", true);
  }
  return body;
}

Tool eval_handler_tool(const SharedSetup& setup) {
  json input = input_object(
      {{"session_id", session_id_input()},
       {"handler_name",
        {{"type", "string"},
         {"minLength", 1},
         {"maxLength", 200},
         {"pattern", "^[A-Za-z_][A-Za-z0-9_]*$"},
         {"description", "The handler method's name on the view, e.g. 'increment'."}}},
       {"params",
        {{"type", "object"},
         {"description",
          "Keyword arguments for the handler, as the browser event would send them, e.g. {\"value\": \"3\"}. "
          "Omit for none."}}},
       {"dry_run",
        {{"type", "boolean"},
         {"default", false},
         {"description", "Guard against side effects (database writes, email, outbound HTTP)."}}},
       {"dry_run_block",
        {{"type", "boolean"},
         {"default", true},
         {"description",
          "With dry_run: true stops at the first side effect, false lets them happen and records them. Ignored "
          "without dry_run."}}}},
      {"session_id", "handler_name"});
  json delta =
      open_object({{"added", described(type("object"), "Assigns the call created.")},
                   {"removed", described(type("object"), "Assigns the call deleted.")},
                   {"modified",
                    {{"type", "object"},
                     {"additionalProperties",
                      open_object({{"before", json::object()}, {"after", json::object()}}, {"before", "after"})},
                     {"description", "Assign name -> {before, after}."}}},
                   {"change_count", {{"type", "integer"}, {"minimum", 0}}}},
                  {"added", "removed", "modified", "change_count"});
  json output = open_object({{"session_id", described(type("string"), "The session the handler ran in.")},
                             {"view_class", described(type("string"), "The LiveView's class name.")},
                             {"handler_name", described(type("string"), "The handler that ran.")},
                             {"params", described(type("object"), "The keyword arguments it got.")},
                             {"before_assigns", assigns_output("Public state before the call.")},
                             {"after_assigns", assigns_output("Public state after the call.")},
                             {"delta", delta},
                             {"result", {{"description", "What the handler returned (any JSON value)."}}},
                             {"dry_run", described(type("boolean"), "Present when dry_run was asked for.")},
                             {"dry_run_block", described(type("boolean"), "Whether side effects were blocked.")},
                             {"blocked_side_effect", side_effect_output()},
                             {"recorded_side_effects", described(array_of(side_effect_output()),
                                                                 "Side effects that ran (dry_run_block false).")}},
                            {"view_class", "handler_name", "before_assigns", "after_assigns", "delta", "result"});
  return {.name = "eval_handler",
          .title = "Run an event handler on a live view",
          .description = needs_dev_server(
              "Calls one event handler of the LiveView mounted for a browser session, as if the browser had sent the "
              "event, and returns the state before and after, the delta (added, removed and modified assigns) and the "
              "handler's return value. Use it to test a handler against real state without clicking through the page. "
              "It changes the live view's state (the browser is not re-rendered; call reset_view_state to rewind). "
              "With dry_run, djust blocks the first database write, email or outbound HTTP call and reports it in "
              "blocked_side_effect; with dry_run and dry_run_block false, side effects happen and are listed in "
              "recorded_side_effects. Synchronous handlers only; names starting with '_' are refused."),
          .input_schema = input,
          .output_schema = output,
          .annotations = kRunsHandler,
          .deterministic = false,
          .handler = handler_for({.method = HttpMethod::post,
                                  .name = "eval_handler",
                                  .query = {"session_id"},
                                  .body = eval_handler_body,
                                  .runs_handler = true},
                                 input, output, setup)};
}

Tool reset_view_state_tool(const SharedSetup& setup) {
  json input = input_object({{"session_id", session_id_input()}}, {"session_id"});
  json output = open_object({{"session_id", described(type("string"), "The session that was reset.")},
                             {"view_class", described(type("string"), "The LiveView's class name.")},
                             {"assigns_after_reset", assigns_output("Public state after mount().")}},
                            {"session_id", "view_class", "assigns_after_reset"});
  return {.name = "reset_view_state",
          .title = "Reset a live view's state",
          .description = needs_dev_server(
              "Throws away the public state of the LiveView mounted for a browser session and runs its mount() "
              "again, as on a fresh page load, keeping the WebSocket connected. Use it to start over after "
              "eval_handler or manual testing. The browser is not re-rendered until its next event. Returns the "
              "assigns after the reset."),
          .input_schema = input,
          .output_schema = output,
          .annotations = kResetsState,
          .deterministic = false,
          .handler = handler_for({.method = HttpMethod::post, .name = "reset_view_state", .query = {"session_id"}},
                                 input, output, setup)};
}

Tool handler_timings_tool(const SharedSetup& setup) {
  json input = input_object(
      {{"handler_name", handler_filter_input("Only this handler (in every view that has it). Empty for all.")},
       {"since_ms", since_ms_input()}});
  const json number = {{"type", "number"}};
  json row =
      open_object({{"view_class", described(type("string"), "The view.")},
                   {"handler_name", described(type("string"), "The handler.")},
                   {"count", described(type("integer"), "Calls measured.")},
                   {"min_ms", number},
                   {"max_ms", number},
                   {"avg_ms", number},
                   {"p50_ms", number},
                   {"p90_ms", number},
                   {"p99_ms", number}},
                  {"view_class", "handler_name", "count", "min_ms", "max_ms", "avg_ms", "p50_ms", "p90_ms", "p99_ms"});
  json output =
      open_object({{"count", {{"type", "integer"}, {"minimum", 0}, {"description", "Number of rows in stats."}}},
                   {"stats", described(array_of(row), "One row per view and handler, slowest p90 first.")}},
                  {"count", "stats"});
  return {
      .name = "get_handler_timings",
      .title = "Event handler timings",
      .description = needs_dev_server(
          "How long each event handler took over its last 100 calls, per view class: count, min, max, mean and "
          "p50/p90/p99 in milliseconds, slowest p90 first. Use it to find the handler that makes the page feel "
          "slow, then get_sql_queries_since with its handler_name to see why."),
      .input_schema = input,
      .output_schema = output,
      .annotations = kReadsLiveState,
      .deterministic = false,
      .handler = handler_for({.name = "handler_timings", .query = {"handler_name", "since_ms"}}, input, output, setup)};
}

Tool sql_queries_tool(const SharedSetup& setup) {
  json input = input_object({{"since_ms", since_ms_input()},
                             {"session_id",
                              {{"type", "string"},
                               {"maxLength", 200},
                               {"pattern", "^\\S*$"},
                               {"default", ""},
                               {"description", "Only queries of this session. Empty for all."}}},
                             {"handler_name", handler_filter_input("Only queries this handler ran. Empty for all.")},
                             {"limit", limit_input()}});
  json entry =
      open_object({{"timestamp_ms", described(type("integer"), "When it ran (ms since the epoch).")},
                   {"session_id", described(type({"string", "null"}), "The session, null outside a handler.")},
                   {"event_id", {{"description", "The event it belongs to, null outside one."}}},
                   {"handler_name", described(type({"string", "null"}), "The handler, null outside one.")},
                   {"sql", described(type("string"), "The statement.")},
                   {"params", described(type({"array", "null"}), "Its parameters.")},
                   {"many", described(type("boolean"), "Whether it was an executemany.")},
                   {"duration_ms", described(type("number"), "How long it took.")},
                   {"stack_top", described(type("string"), "file:line in function of the code that issued it.")}},
                  {"timestamp_ms", "sql", "duration_ms"});
  json output =
      open_object({{"count", {{"type", "integer"}, {"minimum", 0}, {"description", "Number of entries."}}},
                   {"since_ms", described(type("integer"), "The since_ms asked for.")},
                   {"session_id", described(type({"string", "null"}), "The session filter, null for none.")},
                   {"handler_name", described(type({"string", "null"}), "The handler filter, null for none.")},
                   {"entries", described(array_of(entry), "Queries, oldest first.")}},
                  {"count", "entries"});
  return {.name = "get_sql_queries_since",
          .title = "SQL queries run by handlers",
          .description = needs_dev_server(
              "The SQL the dev server ran recently, oldest first, each tagged with the session and event handler "
              "that caused it, with its parameters, duration and the line of project code that issued it. Use it to "
              "see what a handler does to the database and to spot N+1 query patterns; filter by session_id and/or "
              "handler_name, and pass since_ms to see only what is new."),
          .input_schema = input,
          .output_schema = output,
          .annotations = kReadsLiveState,
          .deterministic = false,
          .handler = handler_for({.name = "sql_queries", .query = {"since_ms", "session_id", "handler_name", "limit"}},
                                 input, output, setup)};
}

Tool server_log_tool(const SharedSetup& setup) {
  json input = input_object(
      {{"since_ms", since_ms_input()},
       {"level",
        {{"type", "string"},
         {"enum", {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", "debug", "info", "warning", "error", "critical"}},
         {"default", "INFO"},
         {"description", "Only records at this level or above." +
                             djust_alias("the level in lower case, which djust reads the same")}}},
       {"limit", limit_input()}});
  json entry = open_object({{"timestamp_ms", described(type("integer"), "When (ms since the epoch).")},
                            {"level", described(type("string"), "DEBUG, INFO, WARNING, ERROR or CRITICAL.")},
                            {"logger_name", described(type("string"), "The logger.")},
                            {"message", described(type("string"), "The message.")},
                            {"pathname", described(type("string"), "Source file.")},
                            {"lineno", described(type("integer"), "Source line.")},
                            {"exc_type", described(type({"string", "null"}), "Exception class, when one was logged.")},
                            {"exc_message", described(type({"string", "null"}), "Exception message.")}},
                           {"timestamp_ms", "level", "logger_name", "message"});
  json output = open_object({{"count", {{"type", "integer"}, {"minimum", 0}, {"description", "Number of entries."}}},
                             {"since_ms", described(type("integer"), "The since_ms asked for.")},
                             {"level", described(type("string"), "The level asked for.")},
                             {"entries", described(array_of(entry), "Records, oldest first.")}},
                            {"count", "entries"});
  return {.name = "tail_server_log",
          .title = "Dev server log",
          .description = needs_dev_server(
              "The dev server's recent log records, oldest first: djust's loggers from DEBUG up and Django's from "
              "WARNING up, each with level, logger, message, source location and exception (if any). Use it instead "
              "of asking for the runserver console; pass since_ms to see only what is new."),
          .input_schema = input,
          .output_schema = output,
          .annotations = kReadsLiveState,
          .deterministic = false,
          .handler = handler_for({.name = "log", .query = {"since_ms", "level", "limit"}}, input, output, setup)};
}

Tool last_traceback_tool(const SharedSetup& setup) {
  json input = input_object({{"n",
                              {{"type", "integer"},
                               {"minimum", 1},
                               {"maximum", 50},
                               {"default", 1},
                               {"description", "How many of the latest exceptions (djust keeps 50)."}}}});
  json entry = open_object({{"timestamp_ms", described(type("integer"), "When (ms since the epoch).")},
                            {"exception_type", described(type("string"), "The exception class.")},
                            {"exception_module", described(type("string"), "Its module.")},
                            {"message", described(type("string"), "The exception message.")},
                            {"error_type", described(type("string"), "Where djust caught it.")},
                            {"event_name", described(type({"string", "null"}), "The event being handled.")},
                            {"view_class", described(type({"string", "null"}), "The view.")},
                            {"session_id", described(type({"string", "null"}), "The session.")},
                            {"traceback", described(type("string"), "The formatted traceback.")}},
                           {"timestamp_ms", "exception_type", "message", "traceback"});
  json output = open_object(
      {{"count", {{"type", "integer"}, {"minimum", 0}, {"description", "How many were asked for."}}},
       {"entries", described(array_of(entry), "Exceptions, newest first; fewer than count when fewer happened.")}},
      {"count", "entries"});
  return {.name = "get_last_traceback",
          .title = "Latest server tracebacks",
          .description = needs_dev_server(
              "The most recent exceptions djust caught while mounting, rendering or running a handler, newest "
              "first, each with the full Python traceback, the view, the event and the session. Call it as soon as "
              "the page shows an error or an action does nothing, before reading code."),
          .input_schema = input,
          .output_schema = output,
          .annotations = kReadsLiveState,
          .deterministic = false,
          .handler = handler_for({.name = "last_traceback", .query = {"n"}}, input, output, setup)};
}

}  // namespace

std::vector<registry::Tool> observability_tools(const ToolOptions& options, const ObservabilityTimeouts& timeouts) {
  const auto setup = std::make_shared<const Setup>(
      Setup{options.dev_server_url, DevServerClient::create(options.dev_server_url, options.allow_remote_dev_server),
            timeouts});
  return {view_assigns_tool(setup), eval_handler_tool(setup), reset_view_state_tool(setup), handler_timings_tool(setup),
          sql_queries_tool(setup),  server_log_tool(setup),   last_traceback_tool(setup)};
}

}  // namespace djust::tools
