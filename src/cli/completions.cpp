#include "cli/completions.h"

#include "cli/tool_params.h"
#include "core/text.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace djust::cli {
namespace {

// The scripts drive everything from these few kinds, so the data functions below are all that
// depends on the definition. bash and zsh share them (their `case` syntax is the same).
const char* kind_word(ValueKind kind) {
  switch (kind) {
    case ValueKind::none:
      return "flag";
    case ValueKind::choice:
      return "choice";
    case ValueKind::file:
      return "file";
    case ValueKind::free:
      return "free";
    case ValueKind::tool:
      return "tool";
    case ValueKind::tool_arguments:
      return "tool_arguments";
  }
  return "free";
}

// A word for a POSIX shell (bash, zsh): as is when it is plainly safe, else single-quoted.
std::string sh_quote(std::string_view word) {
  const bool safe = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("_-+=.,/@%:").find(c) != std::string_view::npos;
  });
  if (safe) return std::string(word);
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string fish_quote(std::string_view word) {
  std::string quoted = "'";
  for (char c : word) {
    if (c == '\\' || c == '\'') quoted += '\\';
    quoted += c;
  }
  return quoted + "'";
}

// "name:description" for zsh's _describe, whose first unescaped ':' ends the name.
std::string zsh_described(std::string_view name, std::string_view description) {
  std::string item;
  for (char c : name) {
    if (c == ':' || c == '\\') item += '\\';
    item += c;
  }
  // One line: the description shows in a menu.
  std::string line(description.substr(0, description.find('\n')));
  return sh_quote(item + ":" + line);
}

std::string kind_value(const OptionModel& option) {
  if (option.kind == ValueKind::choice) return sh_quote("choice " + core::join(option.choices, " "));
  return kind_word(option.kind);
}

std::string pattern_of_names(std::string_view scope, const std::vector<std::string>& names) {
  std::vector<std::string> patterns;
  for (const auto& name : names) patterns.push_back(sh_quote(std::string(scope) + " " + name));
  return core::join(patterns, "|");
}

std::string scope_name(const CliModel& model, const CommandModel& command) {
  return &command == &model.top ? "" : command.name;
}

// The positional that names the tool whose key=value arguments follow, and its index.
struct ToolPositions {
  std::size_t tool_index = 0;
  std::size_t arguments_index = 0;
};
std::optional<ToolPositions> tool_positions(const CommandModel& command) {
  std::optional<std::size_t> tool;
  for (std::size_t i = 0; i < command.positionals.size(); ++i) {
    if (command.positionals[i].kind == ValueKind::tool) tool = i;
    if (command.positionals[i].kind == ValueKind::tool_arguments && tool) return ToolPositions{*tool, i};
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// bash and zsh: the shared data functions.
// ---------------------------------------------------------------------------------------------

void write_shared_functions(std::ostream& out, const CliModel& model, const registry::Registry& registry) {
  out << "# Each function sets `kind` to how a word completes: flag (takes no value), free (nothing to\n"
         "# offer), file, tool (a tool name), tool_arguments (KEY=VALUE of the tool being called) or\n"
         "# 'choice WORD...'.\n\n";

  out << "# The value of option $2 after subcommand $1 ('' for none).\n_djust_mcp_option_kind() {\n  case \"$1 $2\" "
         "in\n";
  for (const CommandModel* command : all_commands(model)) {
    if (command == &model.top) continue;  // the top level's own come last, matching any subcommand
    for (const auto& option : command->options) {
      if (option.kind == ValueKind::none) continue;
      out << "    " << pattern_of_names(command->name, option.names) << ") kind=" << kind_value(option) << " ;;\n";
    }
  }
  for (const auto& option : model.top.options) {
    if (option.kind == ValueKind::none) continue;
    std::vector<std::string> patterns;
    for (const auto& name : option.names)
      patterns.push_back((model.global_options_after_subcommand ? "*" : "") + sh_quote(" " + name));
    out << "    " << core::join(patterns, "|") << ") kind=" << kind_value(option) << " ;;\n";
  }
  out << "    *) kind=flag ;;\n  esac\n}\n\n";

  out << "# Positional word number $2 (from 0) of subcommand $1.\n_djust_mcp_positional_kind() {\n  case \"$1 $2\" "
         "in\n";
  for (const auto& sub : model.subcommands) {
    for (std::size_t i = 0; i < sub.positionals.size(); ++i) {
      const auto& positional = sub.positionals[i];
      const std::string pattern =
          positional.repeats ? sh_quote(sub.name + " ") + "*" : sh_quote(sub.name + " " + std::to_string(i));
      out << "    " << pattern << ") kind=" << kind_value(positional) << " ;;\n";
    }
  }
  out << "    *) kind=free ;;\n  esac\n}\n\n";

  out << "# The value of parameter $2 of tool $1.\n_djust_mcp_param_kind() {\n  case \"$1 $2\" in\n";
  for (const auto& tool : registry.tools()) {
    for (const auto& param : tool_params(tool)) {
      if (param.choices.empty()) continue;
      out << "    " << sh_quote(tool.name + " " + param.name)
          << ") kind=" << sh_quote("choice " + core::join(param.choices, " ")) << " ;;\n";
    }
  }
  out << "    *) kind=free ;;\n  esac\n}\n\n";

  out << "# The value after KEY= ($1): of an option, or of a parameter of the tool being called.\n"
         "_djust_mcp_value_kind() {\n"
         "  if [[ $1 == -* ]]; then _djust_mcp_option_kind \"$sub\" \"$1\"; else _djust_mcp_param_kind \"$first\" "
         "\"$1\"; fi\n"
         "}\n\n";
}

// The loop both shells run over the words before the cursor. `first_word` is the index of the
// word after the program name; `split_at_equals` for bash, which splits KEY=VALUE at '='.
void write_word_walk(std::ostream& out, std::string_view words, std::string_view first_word, std::string_view current,
                     bool split_at_equals) {
  out << "  # The subcommand, its positional words (the first names the tool of `call`), and whether the\n"
         "  # word before the cursor is an option that expects a value.\n"
      << "  for ((i = " << first_word << "; i < " << current << "; i++)); do\n"
      << "    word=${" << words << "[i]}\n";
  if (split_at_equals) {
    out << "    if [[ $word == = ]]; then\n"
           "      # bash splits KEY=VALUE and --option=VALUE at '=' (COMP_WORDBREAKS): skip the value.\n"
           "      i+=1\n"
           "      expect=''\n"
           "    elif [[ -n $expect ]]; then\n";
  } else {
    out << "    if [[ -n $expect ]]; then\n";
  }
  out << "      expect=''\n"
         "    elif [[ $word == -*=* ]]; then\n"
         "      :\n"
         "    elif [[ $word == -* ]]; then\n"
         "      _djust_mcp_option_kind \"$sub\" \"$word\"\n"
         "      [[ $kind == flag ]] || expect=1\n"
         "    elif [[ -z $sub ]]; then\n"
         "      sub=$word\n"
         "    else\n"
         "      ((npos == 0)) && first=$word\n"
         "      npos+=1\n"
         "    fi\n"
         "  done\n";
}

std::string header(std::string_view shell) {
  return std::string("# ") + std::string(shell) +
         " completion for djust-mcp.\n"
         "# Generated by `djust-mcp completions " +
         std::string(shell) +
         "` from its command-line definition and tool registry: do\n"
         "# not edit; regenerate (cmake --build BUILD --target update-generated-files).\n";
}

std::string bash_script(const CliModel& model, const registry::Registry& registry) {
  std::ostringstream out;
  out << header("bash") << "\n";
  std::vector<std::string> names;
  for (const auto& sub : model.subcommands) names.push_back(sub.name);
  out << "_djust_mcp_subcommands=" << sh_quote(core::join(names, " ")) << "\n";
  out << "_djust_mcp_tools=" << sh_quote(core::join(registry.tool_names(), " ")) << "\n\n";
  write_shared_functions(out, model, registry);

  out << "# The options offered after subcommand $1.\n_djust_mcp_options() {\n  case $1 in\n";
  for (const CommandModel* command : all_commands(model)) {
    std::vector<std::string> option_names;
    for (const OptionModel* option : options_in_scope(model, *command))
      option_names.insert(option_names.end(), option->names.begin(), option->names.end());
    out << "    " << sh_quote(scope_name(model, *command))
        << ") kind=" << sh_quote("choice " + core::join(option_names, " ")) << " ;;\n";
  }
  out << "  esac\n}\n\n";

  out << "# The KEY= words of tool $1.\n_djust_mcp_params() {\n  case $1 in\n";
  for (const auto& tool : registry.tools()) {
    std::vector<std::string> keys;
    for (const auto& param : tool_params(tool)) keys.push_back(param.name + "=");
    out << "    " << sh_quote(tool.name) << ") kind=" << sh_quote("choice " + core::join(keys, " ")) << " ;;\n";
  }
  out << "    *) kind=free ;;\n  esac\n}\n\n";

  out << R"(# Sets COMPREPLY to the completions of $kind that start with $2, each after prefix $1.
_djust_mcp_reply() {
  case $kind in
    choice*) COMPREPLY=($(compgen -P "$1" -W "${kind#choice}" -- "$2")) ;;
    file)
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -P "$1" -f -- "$2"))
      ;;
    tool) COMPREPLY=($(compgen -P "$1" -W "$_djust_mcp_tools" -- "$2")) ;;
    tool_arguments)
      _djust_mcp_params "$first"
      compopt -o nospace 2>/dev/null
      COMPREPLY=($(compgen -P "$1" -W "${kind#choice}" -- "$2"))
      ;;
  esac
}

_djust_mcp() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev='' sub='' first='' kind='' key='' word='' expect=''
  local -i i npos=0
  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
  COMPREPLY=()
)";
  write_word_walk(out, "COMP_WORDS", "1", "COMP_CWORD", true);
  out << R"(  if [[ $cur == = || $prev == = ]]; then
    # The value after KEY= or --option=, which bash made a word of its own.
    if [[ $cur == = ]]; then
      key=$prev
      cur=''
    else
      key=${COMP_WORDS[COMP_CWORD - 2]}
    fi
    _djust_mcp_value_kind "$key"
    _djust_mcp_reply '' "$cur"
  elif [[ $cur == *=* ]]; then
    # The same when COMP_WORDBREAKS has no '=': the word holds both.
    _djust_mcp_value_kind "${cur%%=*}"
    _djust_mcp_reply "${cur%%=*}=" "${cur#*=}"
  elif [[ -n $expect ]]; then
    _djust_mcp_option_kind "$sub" "$prev"
    _djust_mcp_reply '' "$cur"
  elif [[ $cur == -* ]]; then
    _djust_mcp_options "$sub"
    _djust_mcp_reply '' "$cur"
  elif [[ -z $sub ]]; then
    kind="choice $_djust_mcp_subcommands"
    _djust_mcp_reply '' "$cur"
  else
    _djust_mcp_positional_kind "$sub" "$npos"
    _djust_mcp_reply '' "$cur"
  fi
}

complete -F _djust_mcp djust-mcp
)";
  return out.str();
}

std::string zsh_script(const CliModel& model, const registry::Registry& registry) {
  std::ostringstream out;
  out << "#compdef djust-mcp\n" << header("zsh") << "\n";
  out << "_djust_mcp_subcommands=(\n";
  for (const auto& sub : model.subcommands) out << "  " << zsh_described(sub.name, sub.description) << "\n";
  out << ")\n_djust_mcp_tools=(\n";
  for (const auto& tool : registry.tools()) out << "  " << zsh_described(tool.name, tool.title) << "\n";
  out << ")\n\n";
  write_shared_functions(out, model, registry);

  out << "# Sets `values` to the options offered after subcommand $1, with their descriptions.\n"
         "_djust_mcp_options() {\n  case $1 in\n";
  for (const CommandModel* command : all_commands(model)) {
    out << "    " << sh_quote(scope_name(model, *command)) << ")\n      values=(\n";
    for (const OptionModel* option : options_in_scope(model, *command)) {
      for (const auto& name : option->names) out << "        " << zsh_described(name, option->description) << "\n";
    }
    out << "      )\n      ;;\n";
  }
  out << "  esac\n}\n\n";

  out << "# Sets `values` to the KEY= words of tool $1, with their descriptions.\n_djust_mcp_params() {\n  case $1 "
         "in\n";
  for (const auto& tool : registry.tools()) {
    out << "    " << sh_quote(tool.name) << ")\n      values=(\n";
    for (const auto& param : tool_params(tool))
      out << "        " << zsh_described(param.name + "=", param.description) << "\n";
    out << "      )\n      ;;\n";
  }
  out << "  esac\n}\n\n";

  out << R"(# Offers the completions of $kind.
_djust_mcp_complete() {
  local -a values
  case $kind in
    choice*)
      values=(${=kind#choice})
      compadd -a values
      ;;
    file) _files ;;
    tool) _describe -t tools 'tool' _djust_mcp_tools ;;
    tool_arguments)
      _djust_mcp_params "$first"
      _describe -t parameters 'parameter' values -S ''
      ;;
  esac
}

_djust-mcp() {
  local cur=${words[CURRENT]} sub='' first='' kind='' word='' expect=''
  local -a values
  local -i i npos=0
)";
  write_word_walk(out, "words", "2", "CURRENT", false);
  out << R"(  if [[ $cur == *=* ]]; then
    # KEY=VALUE or --option=VALUE: complete the value.
    _djust_mcp_value_kind "${cur%%=*}"
    compset -P '*='
    _djust_mcp_complete
  elif [[ -n $expect ]]; then
    _djust_mcp_option_kind "$sub" "${words[CURRENT - 1]}"
    _djust_mcp_complete
  elif [[ $cur == -* ]]; then
    _djust_mcp_options "$sub"
    _describe -t options 'option' values
  elif [[ -z $sub ]]; then
    _describe -t commands 'djust-mcp command' _djust_mcp_subcommands
  else
    _djust_mcp_positional_kind "$sub" "$npos"
    _djust_mcp_complete
  fi
}

# Autoloaded from $fpath this file is the body of _djust-mcp; sourced, it registers itself.
if [[ $funcstack[1] == _djust-mcp ]]; then
  _djust-mcp "$@"
else
  compdef _djust-mcp djust-mcp
fi
)";
  return out.str();
}

// ---------------------------------------------------------------------------------------------
// fish: declarative `complete` lines with conditions.
// ---------------------------------------------------------------------------------------------

void write_fish_option(std::ostream& out, const std::string& condition, const OptionModel& option) {
  out << "complete -c djust-mcp -n " << fish_quote(condition);
  for (const auto& name : option.names) {
    if (name.rfind("--", 0) == 0) {
      out << " -l " << name.substr(2);
    } else {
      out << " -s " << name.substr(1);
    }
  }
  switch (option.kind) {
    case ValueKind::none:
      break;
    case ValueKind::choice:
      out << " -x -a " << fish_quote(core::join(option.choices, " "));
      break;
    case ValueKind::file:
      out << " -r -F";
      break;
    default:
      out << " -x";
      break;
  }
  out << " -d " << fish_quote(option.description.substr(0, option.description.find('\n'))) << "\n";
}

std::string fish_script(const CliModel& model, const registry::Registry& registry) {
  std::ostringstream out;
  out << header("fish") << "\n";
  out << R"(# Prints the subcommand (an empty line when there is none yet), then each positional word
# after it, of the words before the cursor; option values are skipped.
function __djust_mcp_parse
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l sub ''
    set -l positionals
    set -l expect 0
    for token in $tokens
        if test $expect = 1
            set expect 0
        else if string match -q -- '-*=*' $token
        else if string match -q -- '-*' $token
            contains -- $token (__djust_mcp_value_options "$sub"); and set expect 1
        else if test -z "$sub"
            set sub $token
        else
            set -a positionals $token
        end
    end
    printf '%s\n' "$sub" $positionals
end

# True in subcommand $argv[1] ('' for none yet).
function __djust_mcp_using
    set -l words (__djust_mcp_parse)
    test "$words[1]" = "$argv[1]"
end

# True when the word being typed is positional number $argv[2] (from 0) of subcommand $argv[1],
# or any from there on with a third argument.
function __djust_mcp_positional
    set -l words (__djust_mcp_parse)
    test "$words[1]" = "$argv[1]"; or return 1
    set -l index (math (count $words) - 1)
    if set -q argv[3]
        test $index -ge $argv[2]
    else
        test $index -eq $argv[2]
    end
end

# True while typing an argument of tool $argv[3], named by positional $argv[2] of subcommand
# $argv[1]: its KEY, or with $argv[4] the value of that KEY.
function __djust_mcp_tool_argument
    set -l words (__djust_mcp_parse)
    set -l at (math $argv[2] + 2)
    test "$words[1]" = "$argv[1]"; and test (count $words) -ge $at; and test "$words[$at]" = "$argv[3]"; or return 1
    if set -q argv[4]
        string match -q -- "$argv[4]=*" (commandline -ct)
    else
        not string match -q -- '*=*' (commandline -ct)
    end
end

)";
  out << "# The options that take a value after subcommand $argv[1].\nfunction __djust_mcp_value_options\n"
         "    switch $argv[1]\n";
  for (const CommandModel* command : all_commands(model)) {
    std::vector<std::string> names;
    for (const OptionModel* option : options_in_scope(model, *command)) {
      if (option->kind == ValueKind::none) continue;
      for (const auto& name : option->names) names.push_back(fish_quote(name));
    }
    out << "        case " << fish_quote(scope_name(model, *command)) << "\n";
    if (!names.empty()) out << "            printf '%s\\n' " << core::join(names, " ") << "\n";
  }
  out << "    end\nend\n\n";

  out << "# No file names unless an option or argument takes them.\ncomplete -c djust-mcp -f\n\n";
  for (const auto& sub : model.subcommands) {
    out << "complete -c djust-mcp -n '__djust_mcp_using \"\"' -a " << fish_quote(sub.name) << " -d "
        << fish_quote(sub.description) << "\n";
  }
  for (const CommandModel* command : all_commands(model)) {
    out << "\n";
    const std::string scope = scope_name(model, *command);
    const std::string using_scope = "__djust_mcp_using " + (scope.empty() ? std::string("\"\"") : scope);
    for (const OptionModel* option : options_in_scope(model, *command)) write_fish_option(out, using_scope, *option);
    for (std::size_t i = 0; i < command->positionals.size(); ++i) {
      const auto& positional = command->positionals[i];
      const std::string at =
          "__djust_mcp_positional " + scope + " " + std::to_string(i) + (positional.repeats ? " and-after" : "");
      switch (positional.kind) {
        case ValueKind::choice:
          out << "complete -c djust-mcp -n " << fish_quote(at) << " -a "
              << fish_quote(core::join(positional.choices, " ")) << "\n";
          break;
        case ValueKind::file:
          out << "complete -c djust-mcp -n " << fish_quote(at) << " -F\n";
          break;
        case ValueKind::tool:
          for (const auto& tool : registry.tools()) {
            out << "complete -c djust-mcp -n " << fish_quote(at) << " -a " << fish_quote(tool.name) << " -d "
                << fish_quote(tool.title) << "\n";
          }
          break;
        default:
          break;
      }
    }
    const auto positions = tool_positions(*command);
    if (!positions) continue;
    for (const auto& tool : registry.tools()) {
      const std::string typing =
          "__djust_mcp_tool_argument " + scope + " " + std::to_string(positions->tool_index) + " " + tool.name;
      for (const auto& param : tool_params(tool)) {
        out << "complete -c djust-mcp -n " << fish_quote(typing) << " -a " << fish_quote(param.name + "=") << " -d "
            << fish_quote(param.description.substr(0, param.description.find('\n'))) << "\n";
        if (param.choices.empty()) continue;
        std::vector<std::string> values;
        for (const auto& choice : param.choices) values.push_back(param.name + "=" + choice);
        out << "complete -c djust-mcp -n " << fish_quote(typing + " " + param.name) << " -a "
            << fish_quote(core::join(values, " ")) << "\n";
      }
    }
  }
  return out.str();
}

}  // namespace

const std::vector<std::string>& completion_shells() {
  static const std::vector<std::string> shells = {"bash", "zsh", "fish"};
  return shells;
}

std::string completion_script(std::string_view shell, const CliModel& model, const registry::Registry& registry) {
  if (shell == "bash") return bash_script(model, registry);
  if (shell == "zsh") return zsh_script(model, registry);
  if (shell == "fish") return fish_script(model, registry);
  throw std::invalid_argument("no completion script for shell '" + std::string(shell) + "'");
}

}  // namespace djust::cli
