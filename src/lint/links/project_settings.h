#pragma once
// The few Django settings djust-mcp's rules depend on, read statically (no Django, no import)
// from the settings module manage.py names: literal assignments, `+=` on lists, `X["k"] = v`,
// and `from .base import *` chains followed in order, as Python would run them. A setting
// assigned anything else (a call, inside an `if`) is unknown, and rules then assume djust's
// defaults.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace djust::lint::links {

// LIVEVIEW_CONFIG["event_security"] (or DJUST_CONFIG's): what djust does with an event sent to a
// method that has no @event_handler (websocket_utils._check_event_security).
enum class EventSecurity {
  strict,  // refuses it (djust's default, and what an invalid value falls back to)
  warn,    // calls it and logs a deprecation warning
  open,    // calls it
};

struct ProjectSettings {
  std::filesystem::path file;  // the settings module read; empty when none was found
  EventSecurity event_security = EventSecurity::strict;
  // LIVEVIEW_ALLOWED_MODULES when it is a non-empty literal list (djust ignores an empty one).
  std::optional<std::vector<std::string>> allowed_modules;
  // INSTALLED_APPS when every entry is a literal string, in order.
  std::optional<std::vector<std::string>> installed_apps;
  bool app_dirs = false;  // TEMPLATES' backend loads app templates/ folders (APP_DIRS: True)

  // The module prefixes djust lets the WebSocket mount views from (security/mount.py
  // _allowed_prefixes): LIVEVIEW_ALLOWED_MODULES, else the top-level package of every installed
  // app and "djust". Nullopt when the settings that decide it could not be read.
  std::optional<std::vector<std::string>> mountable_prefixes() const;
};

// The settings of the Django project at `root` (the folder holding manage.py). Default settings
// when manage.py names no settings module or it cannot be read.
ProjectSettings read_project_settings(const std::filesystem::path& root);
// The settings a module assigns itself: Python text checked on its own is read as a one-file
// project (settings and views in one module); its imports are not followed.
ProjectSettings read_settings_text(std::string text);

// `module` ("shop.views") is `prefix` or a dotted child of it; a trailing dot in the prefix is
// ignored ("shop." allows "shop.views"), as djust's _segment_match does.
bool module_within(std::string_view module, std::string_view prefix);

std::string_view event_security_name(EventSecurity mode);

}  // namespace djust::lint::links
