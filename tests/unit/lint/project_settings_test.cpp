// The settings read statically from the module manage.py names: what djust would see, or djust's
// defaults when a value cannot be known without running the code.
#include "lint/links/project_settings.h"
#include "temp_dir.h"

#include <doctest/doctest.h>

using namespace djust::lint::links;

namespace {

// A project whose manage.py names site_config.settings, with that module's text.
ProjectSettings settings_of(const TempDir& dir, const std::string& settings) {
  dir.write("manage.py", "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_config.settings')\n");
  dir.write("site_config/__init__.py", "");
  dir.write("site_config/settings.py", settings);
  return read_project_settings(dir.path());
}

}  // namespace

TEST_CASE("project settings: event_security as djust resolves it") {
  TempDir dir;
  CHECK(settings_of(dir, "X = 1\n").event_security == EventSecurity::strict);
  CHECK(settings_of(dir, "DJUST_CONFIG = {'event_security': 'open'}\n").event_security == EventSecurity::open);
  CHECK(settings_of(dir, "LIVEVIEW_CONFIG = {'event_security': 'warn'}\nDJUST_CONFIG = {'event_security': 'open'}\n")
            .event_security == EventSecurity::warn);
  // An invalid mode falls back to strict, as djust's config does.
  CHECK(settings_of(dir, "LIVEVIEW_CONFIG = {'event_security': 'lenient'}\n").event_security == EventSecurity::strict);
  // Set only under a condition, or computed: unknown, so djust's default is assumed.
  CHECK(settings_of(dir, "LIVEVIEW_CONFIG = {}\nif DEBUG:\n    LIVEVIEW_CONFIG['event_security'] = 'open'\n")
            .event_security == EventSecurity::strict);
  CHECK(settings_of(dir, "import os\nLIVEVIEW_CONFIG = {'event_security': os.environ['MODE']}\n").event_security ==
        EventSecurity::strict);
}

TEST_CASE("project settings: a value nested past any real settings is unknown, not a stack overflow") {
  TempDir dir;
  const std::string deep = std::string(20000, '(') + "'open'" + std::string(20000, ')');
  CHECK(settings_of(dir, "LIVEVIEW_CONFIG = {'event_security': " + deep + "}\n").event_security ==
        EventSecurity::strict);
  std::string chain = "INSTALLED_APPS = ['a']";
  for (int i = 0; i < 20000; ++i) chain += " + ['a']";
  CHECK_FALSE(settings_of(dir, chain + "\n").installed_apps.has_value());
  // Nesting a real project uses still reads.
  CHECK(settings_of(dir, "LIVEVIEW_CONFIG = {'event_security': ((('open')))}\n").event_security == EventSecurity::open);
}

TEST_CASE("project settings: INSTALLED_APPS and the allowlist djust mounts views from") {
  TempDir dir;
  auto settings = settings_of(dir, "BASE = ['djust']\nINSTALLED_APPS = BASE + ['shop.apps.ShopConfig', 'blog']\n");
  REQUIRE(settings.installed_apps);
  CHECK(*settings.installed_apps == std::vector<std::string>{"djust", "shop.apps.ShopConfig", "blog"});
  CHECK(*settings.mountable_prefixes() == std::vector<std::string>{"blog", "djust", "shop"});
  // An empty allowlist is ignored by djust; a conditional addition makes the list unknown.
  settings = settings_of(dir, "INSTALLED_APPS = ['shop']\nLIVEVIEW_ALLOWED_MODULES = []\n");
  CHECK_FALSE(settings.allowed_modules);
  CHECK(*settings.mountable_prefixes() == std::vector<std::string>{"djust", "shop"});
  settings = settings_of(dir, "INSTALLED_APPS = ['shop']\nif DEBUG:\n    INSTALLED_APPS += ['debug_toolbar']\n");
  CHECK_FALSE(settings.installed_apps);
  CHECK_FALSE(settings.mountable_prefixes());
}

TEST_CASE("project settings: star imports run in order, and a missing settings module gives defaults") {
  TempDir dir;
  dir.write("site_config/base.py", "INSTALLED_APPS = ['shop']\nLIVEVIEW_CONFIG = {'event_security': 'open'}\n");
  // The assignment before the import is overwritten by it; the one after overrides it.
  auto settings = settings_of(dir, "INSTALLED_APPS = ['old']\nfrom .base import *\nINSTALLED_APPS += ['blog']\n");
  CHECK(*settings.installed_apps == std::vector<std::string>{"shop", "blog"});
  CHECK(settings.event_security == EventSecurity::open);
  // A cycle ends instead of recursing.
  dir.write("site_config/base.py", "from .settings import *\nINSTALLED_APPS = ['shop']\n");
  CHECK(*settings_of(dir, "from .base import *\n").installed_apps == std::vector<std::string>{"shop"});

  TempDir empty;
  empty.write("manage.py", "print('no settings here')\n");
  const auto defaults = read_project_settings(empty.path());
  CHECK(defaults.file.empty());
  CHECK(defaults.event_security == EventSecurity::strict);
  CHECK_FALSE(defaults.installed_apps);
}

TEST_CASE("project settings: module_within matches whole segments, as djust's _segment_match") {
  CHECK(module_within("shop.views", "shop"));
  CHECK(module_within("shop.views", "shop."));
  CHECK(module_within("shop", "shop"));
  CHECK_FALSE(module_within("shopfront.views", "shop"));
  CHECK_FALSE(module_within("shop.views", "."));
}
