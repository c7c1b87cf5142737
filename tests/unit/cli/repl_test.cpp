#include "cli/repl.h"

#include "test_registry.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

using namespace djust::cli;

namespace {

bool contains(const std::vector<std::string>& words, const std::string& word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

struct Session {
  std::ostringstream out;
  std::ostringstream err;
  Repl repl{test_registry(), out, err, false, 100};
};

}  // namespace

TEST_CASE("split_words quotes and escapes like a shell") {
  using Words = std::vector<std::string>;
  CHECK(split_words("  call  get_decorators name=debounce ") == Words{"call", "get_decorators", "name=debounce"});
  CHECK(split_words(R"(call validate_view code="import x\nclass A: pass" filename='a b.py')") ==
        Words{"call", "validate_view", R"(code=import x\nclass A: pass)", "filename=a b.py"});
  CHECK(split_words(R"(a\ b "say \"hi\"" '' x)") == Words{"a b", R"(say "hi")", "", "x"});
  CHECK(split_words("") == Words{});
  CHECK_FALSE(split_words("call x code='unclosed").has_value());
  CHECK_FALSE(split_words(R"(call x code="unclosed\")").has_value());
}

TEST_CASE("the history file follows the XDG base directory spec") {
  CHECK(history_file(std::string("/state"), std::string("/home/u")) == "/state/djust-mcp/history");
  CHECK(history_file(std::nullopt, std::string("/home/u")) == "/home/u/.local/state/djust-mcp/history");
  // A relative XDG_STATE_HOME is invalid and ignored.
  CHECK(history_file(std::string("state"), std::string("/home/u")) == "/home/u/.local/state/djust-mcp/history");
  CHECK_FALSE(history_file(std::nullopt, std::nullopt).has_value());
}

TEST_CASE("completion offers commands, tool names, parameter names and their values") {
  Session s;
  CHECK(s.repl.complete("") == std::vector<std::string>{"tools", "describe", "call", "help", "quit", "exit"});
  CHECK(s.repl.complete("de") == std::vector<std::string>{"describe"});
  CHECK(s.repl.complete("call get_template_d") == std::vector<std::string>{"get_template_directives"});
  CHECK(s.repl.complete("describe get_deco") == std::vector<std::string>{"get_decorators"});
  CHECK(contains(s.repl.complete("call "), "seed_fixtures"));
  CHECK(s.repl.complete("call get_template_directives cat") == std::vector<std::string>{"category="});
  CHECK(s.repl.complete("call get_template_directives ") == std::vector<std::string>{"category=", "name=", "page="});
  // A parameter already given is not offered again.
  CHECK(s.repl.complete("call get_template_directives category=dom ") == std::vector<std::string>{"name=", "page="});
  CHECK(s.repl.complete("call get_template_directives category=bi") == std::vector<std::string>{"category=binding"});
  CHECK(s.repl.complete("call eval_handler dry_run=") == std::vector<std::string>{"dry_run=true", "dry_run=false"});
  CHECK(s.repl.complete("call no_such_tool ").empty());
  CHECK(s.repl.complete("tools ").empty());
}

TEST_CASE("commands print results, report errors and carry on") {
  Session s;
  CHECK(s.repl.execute("tools"));
  // One line per tool: its name, padding, its title.
  const std::string listing = s.out.str();
  const std::size_t line = listing.find("get_template_directives ");
  REQUIRE(line != std::string::npos);
  CHECK(listing.substr(line, listing.find('\n', line) - line).ends_with(" djust template directives"));
  CHECK_FALSE(s.repl.failed());

  CHECK(s.repl.execute("call get_decorators name=debounce"));
  CHECK(s.out.str().find("\"name\": \"debounce\"") != std::string::npos);
  CHECK_FALSE(s.repl.failed());

  CHECK(s.repl.execute("call get_decorators name=no_such_decorator"));  // the tool's error, then go on
  CHECK(s.err.str().find("no_such_decorator") != std::string::npos);
  CHECK(s.repl.failed());

  CHECK(s.repl.execute("cal get_decorators"));
  CHECK(s.err.str().find("unknown command 'cal'; did you mean 'call'?") != std::string::npos);
  CHECK(s.repl.execute("call get_decorator"));
  CHECK(s.err.str().find("did you mean 'get_decorators'?") != std::string::npos);
  CHECK(s.repl.execute("describe"));
  CHECK(s.err.str().find("usage: describe TOOL") != std::string::npos);
  CHECK(s.repl.execute("call x code='open"));
  CHECK(s.err.str().find("a quote is not closed") != std::string::npos);

  CHECK(s.repl.execute("   "));
  CHECK(s.repl.execute("# a comment"));
  CHECK_FALSE(s.repl.execute("quit"));
  CHECK_FALSE(s.repl.execute("exit"));
}

TEST_CASE("describe shows every parameter with its type, requirement, default, allowed values and annotations") {
  Session s;
  s.repl.execute("describe tail_server_log");
  const std::string text = s.out.str();
  CHECK(text.rfind("tail_server_log: Dev server log\n", 0) == 0);
  CHECK(text.find("parameter  type     required  default  allowed values") != std::string::npos);
  CHECK(text.find("level      string   no        \"INFO\"   DEBUG, INFO, WARNING,") != std::string::npos);
  CHECK(text.find("limit      integer  no        500      1..500") != std::string::npos);
  CHECK(text.find("since_ms   integer  no        0        >= 0") != std::string::npos);
  CHECK(text.find("Annotations: read-only yes, destructive no, idempotent yes, open world") != std::string::npos);

  Session required;
  required.repl.execute("describe get_view_schema");
  CHECK(required.out.str().find("view_name  string  yes") != std::string::npos);

  // Every product tool takes some argument now (list_views pages with `offset`): a tool of our own.
  const djust::registry::Registry bare(
      {{.name = "ping_project",
        .title = "Ping",
        .description = "Answers.",
        .input_schema = {{"type", "object"}, {"additionalProperties", false}},
        .output_schema = {{"type", "object"}},
        .annotations = {},
        .deterministic = true,
        .handler = [](const nlohmann::json&, djust::registry::CallContext&) { return nlohmann::json::object(); }}},
      {}, {}, {}, "");
  std::ostringstream none_out, none_err;
  Repl none{bare, none_out, none_err, false, 100};
  none.execute("describe ping_project");
  CHECK(none_out.str().find("No parameters.") != std::string::npos);
}

TEST_CASE("describe puts descriptions under their rows on a narrow terminal") {
  std::ostringstream out, err;
  Repl repl(test_registry(), out, err, false, 60);
  repl.execute("describe get_decorators");
  CHECK(out.str().find("name       string  no        -        -\n    One decorator") != std::string::npos);
  for (std::size_t start = 0, end; (end = out.str().find('\n', start)) != std::string::npos; start = end + 1)
    CHECK(end - start <= 60);
}
