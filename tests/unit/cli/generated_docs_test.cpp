// The shell completions and the man page are generated from a CLI11 definition and the registry;
// these tests use a small definition of their own, so they show what the generators read.

#include "cli/cli_model.h"
#include "cli/completions.h"
#include "cli/man_page.h"

#include "test_registry.h"

#include <CLI/CLI.hpp>

#include <doctest/doctest.h>

using namespace djust::cli;

namespace {

// A command line shaped like the product's: global options that fall through, a subcommand with
// a choice, one with TOOL and KEY=VALUE positionals, one with a RULE.
struct SampleCli {
  CLI::App app{"sample: a test program.\nSecond line.", "sample"};
  std::string level = "warning";
  std::string format = "text";
  std::string tool;
  std::vector<std::string> arguments;
  std::vector<std::string> paths;
  std::string rule;
  int count = 3;
  bool flag = false;

  SampleCli() {
    app.fallthrough();
    app.add_option("--level", level, "How much")->check(CLI::IsMember({"low", "high"}))->capture_default_str();
    app.add_option("--dir", paths, "A folder")->envname("SAMPLE_DIR");
    auto* lint = app.add_subcommand("lint", "Lint files");
    lint->add_option("paths", paths, "Files");
    lint->add_option("-f,--format", format, "Output format")->check(CLI::IsMember({"text", "json"}));
    lint->add_option("--count", count, "How many")->capture_default_str();
    lint->add_flag("--level", flag, "Shadows the global --level");
    lint->footer("Example: sample lint .");
    auto* call = app.add_subcommand("call", "Call a tool");
    call->add_option("tool", tool, "Tool")->required()->type_name(kToolValue);
    call->add_option("arguments", arguments, "key=value")->type_name(kToolArgumentsValue);
    auto* explain = app.add_subcommand("explain", "Explain a rule");
    explain->add_option("id", rule, "Rule")->type_name(kRuleValue);
  }
};

const OptionModel& option(const CommandModel& command, const std::string& name) {
  for (const auto& o : command.options)
    if (std::find(o.names.begin(), o.names.end(), name) != o.names.end()) return o;
  throw std::invalid_argument(name);
}

}  // namespace

TEST_CASE("describe_cli reads options, choices, kinds and positionals from CLI11") {
  SampleCli sample;
  const CliModel model = describe_cli(sample.app);
  CHECK(model.top.name == "sample");
  CHECK(model.global_options_after_subcommand);
  REQUIRE(model.subcommands.size() == 3);
  const auto& level = option(model.top, "--level");
  CHECK(level.kind == ValueKind::choice);
  CHECK(level.choices == std::vector<std::string>{"low", "high"});
  CHECK(level.default_value == "warning");
  CHECK(option(model.top, "--dir").envname == "SAMPLE_DIR");
  CHECK(option(model.top, "--dir").kind == ValueKind::file);
  CHECK(option(model.top, "--help").kind == ValueKind::none);

  const CommandModel& lint = model.subcommands[0];
  CHECK(option(lint, "--format").names == std::vector<std::string>{"-f", "--format"});
  CHECK(option(lint, "--format").choices == std::vector<std::string>{"text", "json"});
  CHECK(option(lint, "--count").kind == ValueKind::free);
  CHECK(lint.footer == "Example: sample lint .");
  REQUIRE(lint.positionals.size() == 1);
  CHECK(lint.positionals[0].repeats);
  CHECK(lint.positionals[0].kind == ValueKind::file);

  const CommandModel& call = model.subcommands[1];
  CHECK(call.positionals[0].kind == ValueKind::tool);
  CHECK(call.positionals[0].required);
  CHECK(call.positionals[1].kind == ValueKind::tool_arguments);
  const CommandModel& explain = model.subcommands[2];
  CHECK(explain.positionals[0].kind == ValueKind::choice);
  CHECK(std::find(explain.positionals[0].choices.begin(), explain.positionals[0].choices.end(), "V004") !=
        explain.positionals[0].choices.end());

  // In `lint`, its own --level (a flag) hides the global one; the global --dir still applies.
  std::vector<std::string> in_scope;
  for (const auto* o : options_in_scope(model, lint)) in_scope.push_back(o->names.back());
  CHECK(std::count(in_scope.begin(), in_scope.end(), "--level") == 1);
  CHECK(option(lint, "--level").kind == ValueKind::none);
  CHECK(std::find(in_scope.begin(), in_scope.end(), "--dir") != in_scope.end());
}

TEST_CASE("completion scripts carry the definition and the registry") {
  SampleCli sample;
  const CliModel model = describe_cli(sample.app);
  const auto& registry = test_registry();
  const std::string bash = completion_script("bash", model, registry);
  CHECK(bash.find("_djust_mcp_subcommands='lint call explain'") != std::string::npos);
  CHECK(bash.find("'lint -f'|'lint --format') kind='choice text json' ;;") != std::string::npos);
  CHECK(bash.find("*' --level') kind='choice low high' ;;") != std::string::npos);
  CHECK(bash.find("'call 0') kind=tool ;;") != std::string::npos);
  CHECK(bash.find("'call '*) kind=tool_arguments ;;") != std::string::npos);
  CHECK(bash.find("get_template_directives) kind='choice category= name= page=' ;;") != std::string::npos);
  CHECK(bash.find("'get_template_directives category') kind='choice event loading") != std::string::npos);
  CHECK(bash.find("complete -F _djust_mcp djust-mcp\n") != std::string::npos);

  const std::string zsh = completion_script("zsh", model, registry);
  CHECK(zsh.rfind("#compdef djust-mcp\n", 0) == 0);
  CHECK(zsh.find("'get_template_directives:djust template directives'") != std::string::npos);
  CHECK(zsh.find("'category=:All directives of this category, in full.'") != std::string::npos);

  const std::string fish = completion_script("fish", model, registry);
  CHECK(fish.find("complete -c djust-mcp -n '__djust_mcp_using lint' -s f -l format -x -a 'text json'") !=
        std::string::npos);
  CHECK(fish.find("-n '__djust_mcp_positional call 0' -a 'get_decorators' -d 'djust decorators'") != std::string::npos);
  CHECK(fish.find("-n '__djust_mcp_tool_argument call 0 get_template_directives category' -a 'category=event") !=
        std::string::npos);
  CHECK_THROWS_AS(completion_script("tcsh", model, registry), std::invalid_argument);
}

TEST_CASE("roff_escape keeps text literal") {
  CHECK(roff_escape("--log-level") == "\\-\\-log\\-level");
  CHECK(roff_escape(".venv first") == "\\&.venv first");
  CHECK(roff_escape("'quoted'") == "\\&'quoted'");
  CHECK(roff_escape("a\\b") == "a\\eb");
  CHECK(roff_escape("caf\xC3\xA9 \xE2\x80\x94") == "caf\\[u00E9] \\[u2014]");
}

TEST_CASE("the man page lists every subcommand, option, example and tool") {
  SampleCli sample;
  const std::string page = man_page(describe_cli(sample.app), test_registry());
  CHECK(page.find(".TH djust\\-mcp 1") != std::string::npos);
  CHECK(page.find(".SH NAME\nsample \\- a test program\n") != std::string::npos);
  for (const char* text : {".SS \"sample lint\"", ".SS \"sample call\"", ".SS \"sample explain\"",
                           "\\fB\\-f\\fR, \\fB\\-\\-format\\fR \\fITEXT\\fR", "\\fB\\-\\-count\\fR \\fIINT\\fR",
                           "one of: low, high", "Environment: \\fBSAMPLE_DIR\\fR", ".nf\nExample: sample lint .\n.fi",
                           "\\fBcategory=\\fR (string, optional; event, loading"}) {
    CHECK_MESSAGE(page.find(text) != std::string::npos, text);
  }
  for (const auto& name : test_registry().tool_names())
    CHECK(page.find(".SS " + roff_escape(name) + "\n") != std::string::npos);
}
