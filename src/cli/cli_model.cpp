#include "cli/cli_model.h"

#include "lint/engine.h"

#include <CLI/CLI.hpp>

#include <algorithm>

namespace djust::cli {
namespace {

// CLI11 offers no accessor for the values an IsMember check accepts, but names them in the
// option's type name as "TEXT:{a,b,c}": one ':'-separated part per check.
std::vector<std::string> choices_of(const std::string& type_name) {
  std::vector<std::string> choices;
  std::size_t start = type_name.find(':');
  while (start != std::string::npos) {
    const std::size_t end = type_name.find(':', start + 1);
    const std::string part = type_name.substr(start + 1, end == std::string::npos ? end : end - start - 1);
    if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
      std::size_t from = 1;
      while (from < part.size() - 1) {
        const std::size_t comma = std::min(part.find(',', from), part.size() - 1);
        choices.push_back(part.substr(from, comma - from));
        from = comma + 1;
      }
    }
    start = end;
  }
  return choices;
}

ValueKind kind_of(const std::string& value_name) {
  if (value_name == kToolValue) return ValueKind::tool;
  if (value_name == kToolArgumentsValue) return ValueKind::tool_arguments;
  if (value_name == "INT" || value_name == "UINT" || value_name == "FLOAT" || value_name == "NUMBER")
    return ValueKind::free;
  return ValueKind::file;
}

OptionModel describe_option(const CLI::Option& option) {
  OptionModel model;
  if (option.get_positional()) {
    model.names.push_back(option.get_name(true));
  } else {
    for (const auto& name : option.get_snames()) model.names.push_back("-" + name);
    for (const auto& name : option.get_lnames()) model.names.push_back("--" + name);
  }
  model.description = option.get_description();
  model.envname = option.get_envname();
  model.required = option.get_required();
  if (option.get_items_expected_max() == 0) return model;  // a flag

  const std::string type_name = option.get_type_name();
  model.value_name = type_name.substr(0, type_name.find(':'));
  model.choices = choices_of(type_name);
  if (model.value_name == kRuleValue) {
    for (const auto& rule : lint::all_rules()) model.choices.emplace_back(rule.doc.id);
  }
  model.kind = model.choices.empty() ? kind_of(model.value_name) : ValueKind::choice;
  model.default_value = option.get_default_str();
  model.repeats = option.get_positional() && option.get_items_expected_max() > 1;
  return model;
}

CommandModel describe_command(const CLI::App& app) {
  CommandModel model;
  model.name = app.get_name();
  model.description = app.get_description();
  model.footer = app.get_footer();
  for (const CLI::Option* option : app.get_options()) {
    (option->get_positional() ? model.positionals : model.options).push_back(describe_option(*option));
  }
  return model;
}

}  // namespace

CliModel describe_cli(const CLI::App& app) {
  CliModel model;
  model.top = describe_command(app);
  model.global_options_after_subcommand = app.get_fallthrough();
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    model.subcommands.push_back(describe_command(*sub));
  }
  return model;
}

std::vector<const CommandModel*> all_commands(const CliModel& model) {
  std::vector<const CommandModel*> all{&model.top};
  for (const auto& sub : model.subcommands) all.push_back(&sub);
  return all;
}

std::vector<const OptionModel*> options_in_scope(const CliModel& model, const CommandModel& command) {
  std::vector<const OptionModel*> options;
  for (const auto& option : command.options) options.push_back(&option);
  if (&command == &model.top || !model.global_options_after_subcommand) return options;
  for (const auto& global : model.top.options) {
    const bool shadowed = std::any_of(options.begin(), options.end(), [&](const OptionModel* own) {
      return std::find_first_of(own->names.begin(), own->names.end(), global.names.begin(), global.names.end()) !=
             own->names.end();
    });
    if (!shadowed) options.push_back(&global);
  }
  return options;
}

}  // namespace djust::cli
