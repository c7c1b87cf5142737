#include "cli/man_page.h"

#include "cli/install.h"
#include "cli/repl.h"
#include "cli/tool_params.h"
#include "core/text.h"
#include "core/version.h"
#include "lint/rule_table.h"

#include <cstdio>
#include <set>
#include <sstream>

namespace djust::cli {
namespace {

// The code point of the UTF-8 sequence at `text[i]`, advancing `i` past it; U+FFFD for a
// malformed byte.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto byte = static_cast<unsigned char>(text[i]);
  const int length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
  if (length == 1 || i + static_cast<std::size_t>(length) > text.size()) {
    ++i;
    return byte < 0x80 ? byte : 0xFFFD;
  }
  char32_t code = byte & (0x7F >> length);
  for (int k = 1; k < length; ++k) code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  i += static_cast<std::size_t>(length);
  return code;
}

// Each line of `text` escaped, for a no-fill block.
std::string roff_lines(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    out += roff_escape(text.substr(start, end - start)) + "\n";
    start = end + 1;
  }
  return out;
}

std::string bold(std::string_view text) { return "\\fB" + roff_escape(text) + "\\fR"; }
std::string italic(std::string_view text) { return "\\fI" + roff_escape(text) + "\\fR"; }

// "[OPTIONS] tool [arguments...]"
std::string usage_words(const CommandModel& command) {
  std::string words = "[" + italic("OPTIONS") + "]";
  for (const auto& positional : command.positionals) {
    std::string word = italic(positional.names.front()) + (positional.repeats ? "..." : "");
    words += " " + (positional.required ? word : "[" + word + "]");
  }
  return words;
}

void write_option(std::ostream& out, const OptionModel& option, bool positional) {
  out << ".TP\n";
  if (positional) {
    out << italic(option.names.front());
  } else {
    std::vector<std::string> names;
    for (const auto& name : option.names) names.push_back(bold(name));
    out << core::join(names, ", ");
    if (!option.value_name.empty()) out << " " << italic(option.value_name);
  }
  out << "\n" << roff_escape(option.description);
  if (!option.choices.empty()) out << "; one of: " << roff_escape(core::join(option.choices, ", "));
  out << (option.description.empty() || option.description.back() == '.' ? "" : ".");
  if (!option.default_value.empty()) out << " Default: " << roff_escape(option.default_value) << ".";
  if (!option.envname.empty()) out << " Environment: " << bold(option.envname) << ".";
  out << "\n";
}

void write_command_options(std::ostream& out, const CommandModel& command) {
  for (const auto& positional : command.positionals) write_option(out, positional, true);
  for (const auto& option : command.options) write_option(out, option, false);
}

void write_footer(std::ostream& out, const std::string& footer) {
  if (footer.empty()) return;
  out << ".PP\n.nf\n" << roff_lines(footer) << ".fi\n";
}

void write_tool(std::ostream& out, const registry::Tool& tool) {
  out << ".SS " << roff_escape(tool.name) << "\n"
      << roff_escape(tool.title) << (tool.annotations.read_only ? "" : " (writes)") << ".\n.PP\n"
      << roff_escape(tool.description) << "\n";
  for (const auto& param : tool_params(tool)) {
    std::string facts = param.type + (param.required ? ", required" : ", optional");
    if (!param.default_value.empty()) facts += ", default " + param.default_value;
    if (const std::string allowed = allowed_values(param); !allowed.empty()) facts += "; " + allowed;
    out << ".TP\n"
        << bold(param.name + "=") << " (" << roff_escape(facts) << ")\n"
        << roff_escape(param.description) << "\n";
  }
}

std::string sentence(const std::string& text) {
  return roff_escape(text) + (text.empty() || text.back() == '.' ? "" : ".");
}

// NAME wants "program \- summary": the top description's first line, less a leading "program: ".
std::string summary(const CliModel& model) {
  std::string line = model.top.description.substr(0, model.top.description.find('\n'));
  const std::string prefix = model.top.name + ": ";
  if (line.rfind(prefix, 0) == 0) line.erase(0, prefix.size());
  if (!line.empty() && line.back() == '.') line.pop_back();
  return line;
}

}  // namespace

std::string roff_escape(std::string_view text) {
  std::string out;
  if (!text.empty() && (text.front() == '.' || text.front() == '\'')) out += "\\&";
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '\\') {
      out += "\\e";
      ++i;
    } else if (c == '-') {
      out += "\\-";
      ++i;
    } else if (static_cast<unsigned char>(c) < 0x80) {
      out += c;
      ++i;
    } else {
      char buffer[16];
      std::snprintf(buffer, sizeof buffer, "\\[u%04X]", static_cast<unsigned>(next_code_point(text, i)));
      out += buffer;
    }
  }
  return out;
}

std::string man_page(const CliModel& model, const registry::Registry& registry) {
  std::ostringstream out;
  const std::string program = model.top.name;
  out << ".\\\" Generated by `" << program << " man` from its command-line definition and tool registry: do not\n"
      << ".\\\" edit; regenerate (cmake --build BUILD --target update-generated-files).\n"
      << ".TH " << roff_escape(core::kProgramName) << " 1 \"\" "
      << "\"" << roff_escape(program) << " " << core::kVersion
      << "\" \"User Commands\"\n"
      // Ragged right, no hyphenation: option names and identifiers must stay whole.
      << ".ad l\n.nh\n"
      << ".SH NAME\n"
      << roff_escape(program) << " \\- " << roff_escape(summary(model)) << "\n"
      << ".SH SYNOPSIS\n";
  out << bold(program) << " " << usage_words(model.top) << " [" << italic("COMMAND") << "] ...\n";
  for (const auto& sub : model.subcommands)
    out << ".br\n" << bold(program + " " + sub.name) << " " << usage_words(sub) << "\n";
  out << ".SH DESCRIPTION\n" << roff_escape(model.top.description) << "\n";
  write_footer(out, model.top.footer);

  out << ".SH OPTIONS\n";
  if (model.global_options_after_subcommand) out << "These may also follow the command.\n";
  write_command_options(out, model.top);

  out << ".SH COMMANDS\n";
  for (const auto& sub : model.subcommands) {
    out << ".SS \"" << roff_escape(program + " " + sub.name) << "\"\n" << sentence(sub.description) << "\n";
    write_command_options(out, sub);
    write_footer(out, sub.footer);
  }

  out << ".SH TOOLS\nWhat " << bold(program + " call") << " and MCP clients can call, with their " << italic("key")
      << "=" << italic("value") << " parameters.\n";
  for (const auto& tool : registry.tools()) write_tool(out, tool);

  out << ".SH RULES\nWhat " << bold(program + " validate") << " checks; " << bold(program + " rule") << " "
      << italic("ID") << " explains one. A preview rule runs only when selected by its id or with " << bold("--preview")
      << "; a deprecated one only when selected by its id.\n";
  for (const auto& rule : lint::all_rules()) {
    out << ".TP\n"
        << bold(std::string(rule.doc.id)) << " " << roff_escape(rule.doc.name) << " ("
        << lint::severity_name(rule.severity) << ", " << roff_escape(rule.category) << ", "
        << lint::lifecycle_name(rule.lifecycle) << (rule.doc.default_enabled ? "" : ", off by default") << ")\n"
        << roff_escape(rule.doc.summary) << ".\n";
  }

  out << ".SH ENVIRONMENT\n";
  std::set<std::string> seen;
  for (const CommandModel* command : all_commands(model)) {
    for (const auto& option : command->options) {
      if (option.envname.empty() || !seen.insert(option.envname).second) continue;
      out << ".TP\n" << bold(option.envname) << "\nThe default of " << bold(option.names.back()) << ".\n";
    }
  }
  out << ".TP\n"
      << bold("NO_COLOR") << "\nWhen set to anything, no colour in any output.\n"
      << ".TP\n"
      << bold("XDG_STATE_HOME") << "\nWhere the REPL keeps its history (default ~/.local/state).\n";

  out << ".SH FILES\n"
      << ".TP\n"
      << italic("~/.local/state/" + std::string(kHistoryRelativePath)) << "\nThe REPL's history ("
      << italic("$XDG_STATE_HOME/" + std::string(kHistoryRelativePath)) << " when XDG_STATE_HOME is set).\n";
  for (const auto& client : client_formats()) {
    out << ".TP\n" << italic(client.project_file);
    if (client.user_file) out << ", " << italic("~/" + *client.user_file);
    out << "\n"
        << roff_escape(client.title) << " configuration that " << bold(program + " install --client " + client.id)
        << " writes (project scope" << (client.user_file ? ", user scope" : "") << ").\n";
  }

  out << ".SH EXIT STATUS\n"
      << "0 on success; 1 when a tool reports an error (" << bold("call") << ") or there are findings ("
      << bold("validate") << "); 2 for a usage error or a file that cannot be read or written.\n";
  return out.str();
}

}  // namespace djust::cli
