"""djust-mcp's bridge into a Django project.

djust-mcp runs this script inside the project's own ``python manage.py shell -c ...``, so
manage.py selects the settings exactly as it does for the developer. The script reads one JSON
request per line from a dedicated pipe and writes one JSON reply per line to another. It never
writes to stdout or stderr: whatever the project prints there is captured by djust-mcp and kept
out of the MCP stream.

Only Django APIs that are the same from 3.2 to 5.2 are used. djust is recognised by its base
classes and the markers its decorators leave (``func._djust_decorators``), never by names.
"""

import ast
import difflib
import importlib
import importlib.util
import inspect
import io
import json
import math
import os
import pkgutil
import sys
import tokenize
import traceback
import typing

FRAMEWORK_PACKAGE = "djust"
# Discovery imports every module of every app whose folder is inside the project, so that a view
# is found wherever it is defined, but never code meant for other moments: tests, migrations and
# management commands. Folders of installed packages (a virtualenv inside the project) are not
# the project's.
SKIPPED_PACKAGES = frozenset(("tests", "test", "migrations", "management", "__pycache__", "node_modules"))
INSTALLED_PACKAGE_FOLDERS = frozenset(("site-packages", "dist-packages"))
# LiveView class attributes that configure a view (reported when a view sets its own value).
CONFIG_ATTRIBUTES = (
    "use_actors",
    "tick_interval",
    "temporary_assigns",
    "static_assigns",
    "on_mount",
    "api_name",
    "api_auth_classes",
    "sticky",
    "sticky_id",
    "enable_state_snapshot",
    "streaming_render",
    "time_travel_enabled",
)
# Keys of func._djust_decorators that mark the function itself as callable from the browser.
HANDLER_MARKERS = ("event_handler", "server_function")
# Handler-marker settings worth reporting (the rest repeats the signature).
MARKER_SETTINGS = ("coerce_types", "expose_api", "serialize", "parameter_policy")
# Check message levels, most severe first; a custom level counts as the next one below it.
LEVELS = ((50, "critical"), (40, "error"), (30, "warning"), (20, "info"), (0, "debug"))
_MISSING = object()


class RequestError(Exception):
    """A request the caller can correct; its message goes back as it is."""


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------
def _path(obj):
    """The dotted path of a class or function: module.QualName."""
    module = getattr(obj, "__module__", None) or ""
    name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None) or type(obj).__name__
    return "%s.%s" % (module, name) if module else name


def _in_framework(module):
    return module == FRAMEWORK_PACKAGE or module.startswith(FRAMEWORK_PACKAGE + ".")


def _inside_project(folder, root):
    real = os.path.realpath(folder)
    inside = real == root or real.startswith(root + os.sep)
    return inside and not INSTALLED_PACKAGE_FOLDERS.intersection(real[len(root) :].split(os.sep))


def _is_test_module(stem):
    return stem in ("tests", "conftest") or stem.startswith("test_") or stem.endswith(("_test", "_tests"))


def _ignored(segments, is_folder, patterns):
    """Whether a path (segments relative to the patterns' folder) is excluded by gitignore-style
    patterns: the last pattern that matches decides, `!` re-includes, a trailing `/` matches
    folders only, a pattern with an inner `/` is anchored, `**` spans folders."""
    ignored = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        pattern = pattern[1:] if negated else pattern
        if pattern.endswith("/"):
            if not is_folder:
                continue
            pattern = pattern.rstrip("/")
        if not pattern:
            continue
        parts = pattern.lstrip("/").split("/")
        anchored = "/" in pattern.strip("/") or pattern.startswith("/")
        if (_segments_match(parts, segments) if anchored else _wildcard_match(parts[0], segments[-1])):
            ignored = not negated
    return ignored


def _segments_match(parts, segments):
    """Pattern segments (with `**`) against path segments: a table, linear in their product."""
    reachable = {0}  # how many path segments the pattern so far can have consumed
    for part in parts:
        if part == "**":
            reachable = set(range(min(reachable), len(segments) + 1)) if reachable else set()
        else:
            reachable = {i + 1 for i in reachable if i < len(segments) and _wildcard_match(part, segments[i])}
    return len(segments) in reachable


def _wildcard_match(pattern, name):
    """`*`, `?` and `[...]` within one name, without backtracking blow-up: the classic two-pointer
    scan that only ever returns to the latest `*`."""
    p = n = 0
    star = resume = -1
    while n < len(name):
        if p < len(pattern) and pattern[p] == "*":
            star, resume = p, n
            p += 1
            continue
        if p < len(pattern):
            width = _match_one(pattern, p, name[n])
            if width:
                p += width
                n += 1
                continue
        if star < 0:
            return False
        resume += 1
        p, n = star + 1, resume
    while p < len(pattern) and pattern[p] == "*":
        p += 1
    return p == len(pattern)


def _match_one(pattern, p, char):
    """The width of the pattern item at `p` when it matches `char`, else 0."""
    if pattern[p] == "?":
        return 1
    if pattern[p] == "[":
        end = pattern.find("]", p + 2)
        if end > 0:
            body = pattern[p + 1 : end]
            negate = body[:1] in ("!", "^")
            body = body[1:] if negate else body
            found, i = False, 0
            while i < len(body) and not found:
                if i + 2 < len(body) and body[i + 1] == "-":
                    found, i = body[i] <= char <= body[i + 2], i + 3
                else:
                    found, i = body[i] == char, i + 1
            return end - p + 1 if found != negate else 0
    if pattern[p] == "\\" and p + 1 < len(pattern):
        return 2 if pattern[p + 1] == char else 0
    return 1 if pattern[p] == char else 0


def _error_text(exc):
    """'ExceptionType: message (file, line N)' for an exception raised by project code."""
    text = "%s: %s" % (type(exc).__name__, exc)
    if isinstance(exc, SyntaxError) and exc.filename:
        return "%s (%s, line %s)" % (text, exc.filename, exc.lineno)
    frames = traceback.extract_tb(exc.__traceback__)
    if frames:
        return "%s (%s, line %s)" % (text, frames[-1].filename, frames[-1].lineno)
    return text


def _jsonable(value, depth=0):
    """A JSON-friendly copy of a setting: callables and classes become dotted paths."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if depth > 5:
        return repr(value)[:200]
    if isinstance(value, dict):
        return {str(k): _jsonable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v, depth + 1) for v in value]
    if inspect.isclass(value) or inspect.isroutine(value):
        return _path(value)
    return repr(value)[:200]


def _type_name(annotation):
    if annotation is inspect.Parameter.empty:
        return None
    if isinstance(annotation, str):
        return annotation
    if annotation is type(None):
        return "None"
    if isinstance(annotation, type) and typing.get_origin(annotation) is None:
        return annotation.__qualname__
    return repr(annotation).replace("typing.", "")


# Source files parsed once per process: djust-mcp restarts the bridge when a .py file changes.
_FUNCTION_NODES = {}
_CLASS_LOCATIONS = {}


def _location(obj):
    """(absolute file, first line) of a class or function, or (None, None)."""
    if inspect.isclass(obj):
        if obj not in _CLASS_LOCATIONS:
            _CLASS_LOCATIONS[obj] = _find_location(obj)
        return _CLASS_LOCATIONS[obj]
    return _find_location(inspect.unwrap(obj))


def _find_location(obj):
    try:
        file = inspect.getsourcefile(obj)
    except TypeError:
        return None, None
    if not file:
        return None, None
    line = None
    if inspect.isclass(obj):
        line = getattr(obj, "__firstlineno__", None)  # Python 3.13+
        if line is None:
            try:
                line = inspect.getsourcelines(obj)[1]
            except (OSError, TypeError, IndexError):
                line = None
    else:
        code = getattr(obj, "__code__", None)
        line = code.co_firstlineno if code else None
    return os.path.abspath(file), line


def _function_node(func):
    """The ast.FunctionDef of a plain function, found in its module's parsed source."""
    code = getattr(func, "__code__", None)
    file, _ = _find_location(func)
    if code is None or file is None:
        return None
    if file not in _FUNCTION_NODES:
        index = {}
        try:
            with tokenize.open(file) as source:
                tree = ast.parse(source.read(), file)
        except (OSError, SyntaxError, ValueError):
            tree = None
        for node in ast.walk(tree) if tree else ():
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                index[node.lineno] = node
                # co_firstlineno is the line of the first decorator, when there are any.
                if node.decorator_list:
                    index[node.decorator_list[0].lineno] = node
        _FUNCTION_NODES[file] = index
    return _FUNCTION_NODES[file].get(code.co_firstlineno)


def _parameters(func, skip):
    """The parameters of `func` after its first `skip` positional ones, and whether it takes **kwargs."""
    try:
        signature = inspect.signature(func)  # follows __wrapped__ through decorators
    except (TypeError, ValueError):
        return [], True
    try:
        hints = typing.get_type_hints(inspect.unwrap(func))
    except Exception:
        hints = {}
    params = []
    accepts_kwargs = False
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    for index, parameter in enumerate(signature.parameters.values()):
        if index < skip and parameter.kind in positional:
            continue
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            accepts_kwargs = True
            continue
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            continue
        required = parameter.default is inspect.Parameter.empty
        params.append(
            {
                "name": parameter.name,
                "type": _type_name(hints.get(parameter.name, parameter.annotation)),
                "required": required,
                "default": None if required else repr(parameter.default)[:200],
            }
        )
    return params, accepts_kwargs


def _nth_positional(func, n):
    """The name of the n-th positional parameter of `func` (0-based), or None."""
    try:
        parameters = list(inspect.signature(func).parameters.values())
    except (TypeError, ValueError):
        return None
    positional = [
        p.name
        for p in parameters
        if p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    ]
    return positional[n] if len(positional) > n else None


# ---------------------------------------------------------------------------------------------
# The project
# ---------------------------------------------------------------------------------------------
class Project:
    """What the running Django project holds: its djust views, components and routes."""

    def __init__(self, options):
        self.import_errors = []
        self.root = os.path.realpath(os.getcwd())  # djust-mcp runs manage.py in the project folder
        # [tool.djust-mcp] exclude: gitignore-style patterns relative to their pyproject.toml.
        self.exclude = (options.get("exclude_base") or os.getcwd(), options.get("exclude") or [])
        self.view_base, self.component_bases, self.djust_error = self._djust_bases()
        self._discover()

    # Discovery ------------------------------------------------------------------------------
    @staticmethod
    def _djust_bases():
        try:
            from djust import LiveComponent, LiveView
        except Exception as exc:  # not installed, or broken: every other tool still works
            return None, (), _error_text(exc)
        bases = [LiveComponent]
        try:
            from djust.components.base import LiveComponent as ComponentBase

            if ComponentBase is not LiveComponent:
                bases.append(ComponentBase)
        except ImportError:
            pass
        return LiveView, tuple(bases), None

    def _discover(self):
        from django.apps import apps
        from django.urls import get_resolver

        for config in apps.get_app_configs():
            if _in_framework(config.name) or not _inside_project(config.path, self.root):
                continue
            self._import_app(config.name, config.path)
        try:
            get_resolver().url_patterns  # imports the URLconf and every view module it names
        except Exception as exc:
            self.import_errors.append({"module": "ROOT_URLCONF", "error": _error_text(exc)})

    def _import_app(self, package, folder):
        """Imports every module below an app's folder, parents first, each failure reported once."""
        # Symlinked folders are not followed: a link loop would never end.
        for directory, subdirectories, files in os.walk(folder, followlinks=False):
            relative = os.path.relpath(directory, folder)
            parts = [] if relative == "." else relative.split(os.sep)
            module = ".".join([package] + parts)
            if parts and module not in sys.modules and not self._import(module):
                subdirectories[:] = []  # a package that failed to import hides nothing more
                continue
            subdirectories[:] = sorted(
                d
                for d in subdirectories
                if d.isidentifier()
                and d not in SKIPPED_PACKAGES
                and os.path.isfile(os.path.join(directory, d, "__init__.py"))
                and not self._excluded(os.path.join(directory, d), True)
            )
            for name in sorted(files):
                stem = name[:-3]
                if (
                    name.endswith(".py")
                    and stem != "__init__"
                    and stem.isidentifier()
                    and not _is_test_module(stem)
                    and not self._excluded(os.path.join(directory, name), False)
                ):
                    self._import("%s.%s" % (module, stem))

    def _import(self, name):
        try:
            importlib.import_module(name)
            return True
        except (Exception, SystemExit) as exc:
            self.import_errors.append({"module": name, "error": _error_text(exc)})
            return False

    def _excluded(self, path, is_folder):
        base, patterns = self.exclude
        relative = os.path.relpath(os.path.realpath(path), base)
        if relative.startswith(".."):
            return False
        return _ignored(relative.split(os.sep), is_folder, patterns)

    def _user_subclasses(self, bases):
        found = {}
        pending = [sub for base in bases for sub in base.__subclasses__()]
        while pending:
            cls = pending.pop(0)
            if cls in found:
                continue
            found[cls] = True
            pending.extend(cls.__subclasses__())
        classes = [c for c in found if not _in_framework(c.__module__)]
        return sorted(classes, key=_path)

    def views(self):
        self._require_djust()
        return self._user_subclasses([self.view_base])

    def components(self):
        self._require_djust()
        return self._user_subclasses(self.component_bases)

    def _require_djust(self):
        if self.view_base is None:
            raise RequestError(
                "djust cannot be imported by this project's Python (%s). Install djust in the "
                "interpreter djust-mcp uses; `djust-mcp doctor` shows which one that is." % self.djust_error
            )

    def base_of(self, cls):
        if self.view_base is not None and issubclass(cls, self.view_base):
            return self.view_base
        return next(b for b in self.component_bases if issubclass(cls, b))

    def is_framework_class(self, klass, base):
        return klass in base.__mro__ or _in_framework(getattr(klass, "__module__", "") or "")

    def find_class(self, name):
        candidates = self.views() + self.components()
        exact = [c for c in candidates if _path(c) == name] or self._import_class(name)
        matches = exact or [c for c in candidates if _path(c).endswith("." + name) or c.__name__ == name]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise RequestError(
                "'%s' matches %d classes: %s. Pass one of these dotted paths."
                % (name, len(matches), ", ".join(_path(c) for c in matches))
            )
        known = [c.__name__ for c in candidates] + [_path(c) for c in candidates]
        text = "No LiveView or LiveComponent named '%s' in this project." % name
        close = difflib.get_close_matches(name, known, n=3)
        if close:
            text += " Did you mean %s?" % " or ".join("'%s'" % c for c in close)
        text += " list_views and list_components list them."
        if self.import_errors:
            text += " Some modules failed to import: %s." % "; ".join(
                "%s (%s)" % (e["module"], e["error"]) for e in self.import_errors
            )
        raise RequestError(text)

    def _import_class(self, dotted):
        """[the class] a full dotted path names, imported on demand (a module discovery skips,
        such as one in an excluded folder), when it is a djust view or component; else []."""
        module_name, _, class_name = dotted.rpartition(".")
        if not module_name or not all(p.isidentifier() for p in dotted.split(".")):
            return []
        try:
            # Only the project's own code: finding a top-level module's spec runs nothing.
            top = importlib.util.find_spec(module_name.split(".")[0])
            if top is None or not top.origin or not _inside_project(os.path.dirname(top.origin), self.root):
                return []
            module = importlib.import_module(module_name)
        except (Exception, SystemExit):
            return []
        cls = getattr(module, class_name, None)
        bases = ((self.view_base,) if self.view_base is not None else ()) + self.component_bases
        if inspect.isclass(cls) and bases and issubclass(cls, bases) and cls not in bases:
            return [cls]
        return []

    # Routes ---------------------------------------------------------------------------------
    def routes(self):
        from django.urls import get_resolver

        try:
            patterns = get_resolver().url_patterns
        except Exception as exc:
            raise RequestError("The URLconf cannot be loaded: %s" % _error_text(exc))
        routes = []
        self._walk_urls(patterns, "", "", [], False, routes)
        return routes

    def _walk_urls(self, patterns, prefix, namespace, kwargs, in_admin, out):
        from django.urls import URLPattern, URLResolver

        for entry in patterns:
            text, names = _pattern_parts(entry.pattern)
            if isinstance(entry, URLResolver):
                space = namespace
                if entry.namespace:
                    space = "%s:%s" % (namespace, entry.namespace) if namespace else entry.namespace
                try:
                    children = entry.url_patterns
                except Exception as exc:
                    self.import_errors.append({"module": str(entry.urlconf_name), "error": _error_text(exc)})
                    continue
                # An admin site marks the views it wraps; everything it includes is the admin.
                admin = in_admin or any(
                    _is_admin_view(getattr(c, "callback", None)) for c in children if isinstance(c, URLPattern)
                )
                self._walk_urls(children, prefix + text, space, kwargs + names, admin, out)
            elif isinstance(entry, URLPattern):
                out.append(self._route(entry, prefix + text, namespace, kwargs + names, in_admin))

    def _route(self, entry, pattern, namespace, kwargs, in_admin):
        callback = entry.callback
        view_class = getattr(callback, "view_class", None)
        viewset = getattr(callback, "cls", None) if getattr(callback, "actions", None) else None
        if in_admin or _is_admin_view(callback):
            kind = "admin"
        elif viewset is not None:
            kind = "drf_viewset"
        elif view_class is not None:
            kind = self._class_view_kind(view_class)
        else:
            kind = "function_view"
        target = viewset or view_class
        route = {
            "pattern": pattern,
            "name": "%s:%s" % (namespace, entry.name) if namespace and entry.name else entry.name,
            "kind": kind,
            "view": _path(target) if target is not None else _callable_path(callback),
            "kwargs": kwargs,
        }
        if viewset is not None:
            route["actions"] = _jsonable(callback.actions)
        route["_class"] = target
        return route

    def _class_view_kind(self, view_class):
        if self.view_base is not None and issubclass(view_class, self.view_base):
            return "liveview"
        try:
            from rest_framework.views import APIView
        except Exception:
            return "class_view"
        return "drf_apiview" if issubclass(view_class, APIView) else "class_view"

    # Describing a class ---------------------------------------------------------------------
    def describe(self, cls, routes):
        base = self.base_of(cls)
        is_view = base is self.view_base
        file, line = _location(cls)
        return {
            "name": cls.__name__,
            "kind": "LiveView" if is_view else "LiveComponent",
            "class": _path(cls),
            "module": cls.__module__,
            "file": file,
            "line": line,
            "abstract": vars(cls).get("abstract") is True,
            "bases": [_path(b) for b in cls.__bases__],
            "mixins": self.mixins(cls, base),
            "template": _template(cls),
            "handlers": self.handlers(cls, base),
            "exposed_state": self.exposed_state(cls, base),
            "auth": self.auth(cls, base) if is_view else None,
            "config": self.config(cls, base),
            "mount": self.mount(cls, base, is_view),
            "routes": [_public_route(r) for r in routes if r["_class"] is cls],
        }

    def mixins(self, cls, base):
        """Every class in the MRO besides the class itself and the djust base with its ancestors."""
        return [
            {"name": k.__name__, "class": _path(k), "djust": _in_framework(k.__module__)}
            for k in cls.__mro__[1:]
            if k not in base.__mro__ and not issubclass(k, base)
        ]

    def handlers(self, cls, base):
        """Every handler a template of `cls` may call, inherited ones included, each with its origin."""
        handlers = []
        for name in sorted(dir(cls)):
            if name.startswith("_"):
                continue
            owner = next((k for k in cls.__mro__ if name in vars(k)), None)
            if owner is None:
                continue
            member = vars(owner)[name]
            func = member.__func__ if isinstance(member, (staticmethod, classmethod)) else member
            try:
                markers = getattr(func, "_djust_decorators", None)
            except Exception:
                continue
            if not isinstance(markers, dict) or not any(markers.get(m) for m in HANDLER_MARKERS):
                continue
            handlers.append(_handler(name, func, markers, owner, self.origin(cls, owner, base)))
        return handlers

    def origin(self, cls, owner, base):
        """Where a member of `cls` comes from: the class itself, a project base or mixin, djust, or
        another installed library."""
        if owner is cls:
            return "class"
        if self.is_framework_class(owner, base):
            return "djust"
        file, _ = _location(owner)
        return "project_base" if file and _inside_project(os.path.dirname(file), self.root) else "library"

    def exposed_state(self, cls, base):
        """Public attributes the class's own methods assign as self.x = ... (also x: T = and x += ...)."""
        found = {}
        for klass in cls.__mro__:
            if self.is_framework_class(klass, base):
                continue
            for member_name, member in vars(klass).items():
                for func in _functions_of(member):
                    node = _function_node(func)
                    args = node.args.posonlyargs + node.args.args if node is not None else []
                    if not args:
                        continue
                    file, _ = _find_location(func)
                    for attr, line in _self_assignments(node, args[0].arg):
                        if not attr.startswith("_") and attr not in found:
                            found[attr] = {
                                "name": attr,
                                "method": member_name,
                                "defined_in": _path(klass),
                                "file": file,
                                "line": line,
                            }
        return sorted(found.values(), key=lambda e: e["name"])

    def auth(self, cls, base):
        user_classes = [k for k in cls.__mro__ if not self.is_framework_class(k, base)]
        permission = getattr(cls, "permission_required", None)
        if isinstance(permission, str):
            permissions = [permission]
        elif isinstance(permission, (list, tuple, set, frozenset)):
            permissions = [str(p) for p in permission]
        else:
            permissions = []
        mixins = [_path(k) for k in cls.__mro__[1:] if _is_auth_mixin(k)]
        login_required = bool(getattr(cls, "login_required", False))
        custom = any("check_permissions" in vars(k) for k in user_classes)
        return {
            "login_required": login_required,
            "permission_required": permissions,
            "check_permissions_overridden": custom,
            "mixins": mixins,
            "login_url": _jsonable(getattr(cls, "login_url", None)),
            # Auth in dispatch() guards the HTTP request only, never the WebSocket (djust.S012).
            "dispatch_overridden": any("dispatch" in vars(k) for k in user_classes),
            "protected": login_required or bool(permissions) or custom or bool(mixins),
        }

    def config(self, cls, base):
        config = {}
        for attr in CONFIG_ATTRIBUTES:
            value = getattr(cls, attr, _MISSING)
            try:
                inherited = value is _MISSING or value == getattr(base, attr, _MISSING)
            except Exception:
                inherited = False
            if not inherited:
                config[attr] = _jsonable(value)
        if vars(cls).get("abstract") is True:
            config["abstract"] = True
        return config

    def mount(self, cls, base, is_view):
        owner = next((k for k in cls.__mro__ if "mount" in vars(k)), None)
        mount = getattr(cls, "mount", None)
        if owner is None or mount is None:
            return None
        params, accepts_kwargs = _parameters(mount, 2 if is_view else 1)
        return {
            "defined_in": _path(owner),
            "overridden": not self.is_framework_class(owner, base),
            "request_param": _nth_positional(mount, 1) if is_view else None,
            "params": params,
            "accepts_kwargs": accepts_kwargs,
        }

    # Requests -------------------------------------------------------------------------------
    def list_views(self, params):
        routes = self.routes_or_empty()
        views = []
        for cls in self.views():
            file, line = _location(cls)
            template = _template(cls, find_file=False)
            views.append(
                {
                    "name": cls.__name__,
                    "class": _path(cls),
                    "module": cls.__module__,
                    "file": file,
                    "line": line,
                    "template_name": template["template_name"],
                    "inline_template": template["inline"],
                    "abstract": vars(cls).get("abstract") is True,
                    "handlers": [_handler_summary(h) for h in self.handlers(cls, self.view_base)],
                    "routes": [r["pattern"] for r in routes if r["_class"] is cls],
                    "protected": self.auth(cls, self.view_base)["protected"],
                }
            )
        return {"count": len(views), "views": views, "import_errors": self.import_errors}

    def list_components(self, params):
        components = []
        for cls in self.components():
            base = self.base_of(cls)
            file, line = _location(cls)
            template = _template(cls, find_file=False)
            mount = self.mount(cls, base, False)
            components.append(
                {
                    "name": cls.__name__,
                    "class": _path(cls),
                    "module": cls.__module__,
                    "file": file,
                    "line": line,
                    "template_name": template["template_name"],
                    "inline_template": template["inline"],
                    "handlers": [_handler_summary(h) for h in self.handlers(cls, base)],
                    "mount_params": mount["params"] if mount else [],
                }
            )
        return {"count": len(components), "components": components, "import_errors": self.import_errors}

    def list_routes(self, params):
        routes = [_public_route(r) for r in self.routes()]
        kinds = {}
        for r in routes:
            kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
        return {"count": len(routes), "routes": routes, "kinds": kinds}

    def view_schema(self, params):
        cls = self.find_class(params["view_name"])
        return {"view": self.describe(cls, self.routes_or_empty()), "import_errors": self.import_errors}

    def routes_or_empty(self):
        try:
            return self.routes()
        except RequestError:
            return []  # already in import_errors; the views themselves are still worth listing

    def checks(self, params):
        from django.core import checks
        from django.core.checks.registry import registry

        deploy = bool(params.get("deploy"))
        tags = ["djust"] if params.get("scope", "djust") == "djust" else None
        messages = checks.run_checks(tags=tags, include_deployment_checks=deploy)
        results = []
        silenced = 0
        for message in messages:
            if message.is_silenced():
                silenced += 1
                continue
            file, line = _check_location(message)
            results.append(
                {
                    "id": message.id or "",
                    "level": next(name for floor, name in LEVELS if message.level >= floor or floor == 0),
                    "message": str(message.msg),
                    "hint": str(message.hint) if message.hint else None,
                    "object": _object_text(message.obj),
                    "file": file,
                    "line": line,
                    "fix_hint": str(getattr(message, "fix_hint", "") or "") or None,
                }
            )
        return {
            "checks": results,
            "silenced": silenced,
            "djust_checks_registered": registry.tag_exists("djust", include_deployment_checks=True),
        }

    def audit(self, params):
        from django.apps import apps

        app_label = params.get("app_label") or None
        if app_label:
            labels = sorted(c.label for c in apps.get_app_configs())
            if app_label not in labels:
                close = difflib.get_close_matches(app_label, labels, n=1)
                raise RequestError(
                    "No installed app has the label '%s'.%s Installed apps: %s."
                    % (app_label, " Did you mean '%s'?" % close[0] if close else "", ", ".join(labels))
                )
        audits = []
        for cls in self.views() + self.components():
            if app_label and _app_label(cls) != app_label:
                continue
            audits.append(self._audit_entry(cls))
        report = {
            "audits": audits,
            "summary": {
                "views": sum(1 for a in audits if a["type"] == "LiveView"),
                "components": sum(1 for a in audits if a["type"] == "LiveComponent"),
                "handlers": sum(len(a["handlers"]) for a in audits),
                "unprotected_with_state": sum(1 for a in audits if not a["auth"] and a["exposed_state"]),
            },
        }
        if self.import_errors:
            report["import_errors"] = self.import_errors
        return report

    def _audit_entry(self, cls):
        """One class as djust_audit --json describes it."""
        base = self.base_of(cls)
        is_view = base is self.view_base
        template = _template(cls, find_file=False)
        auth = {}
        if is_view:
            info = self.auth(cls, base)
            if info["login_required"]:
                auth["login_required"] = True
            if info["permission_required"]:
                auth["permission_required"] = info["permission_required"]
            if info["check_permissions_overridden"]:
                auth["custom_check"] = True
            if not auth and (info["mixins"] or info["dispatch_overridden"]):
                auth["dispatch_mixin"] = True
        handlers = []
        for h in self.handlers(cls, base):
            if h["origin"] == "djust":
                continue  # like djust_audit: the project's own surface
            entry = {
                "name": h["name"],
                "params": _signature_text(h),
                "description": h["description"],
                "decorators": [_decorator_tag(d) for d in h["decorators"] if d["name"] not in HANDLER_MARKERS],
            }
            for d in h["decorators"]:
                if d["name"] == "rate_limit":
                    entry["rate_limit"] = d["settings"]
            handlers.append(entry)
        config = {}
        if getattr(cls, "tick_interval", None) is not None:
            config["tick_interval"] = _jsonable(cls.tick_interval)
        temporary = getattr(cls, "temporary_assigns", None)
        if temporary:
            config["temporary_assigns"] = list(temporary) if isinstance(temporary, dict) else _jsonable(temporary)
        if getattr(cls, "use_actors", False):
            config["use_actors"] = True
        return {
            "class": _path(cls),
            "type": "LiveView" if is_view else "LiveComponent",
            "template": template["template_name"] or ("(inline)" if template["inline"] else "(none)"),
            "auth": auth,
            "mixins": [m["name"] for m in self.mixins(cls, base) if m["djust"]],
            "exposed_state": {
                s["name"]: {"source": s["method"], "defined_in": s["defined_in"].rsplit(".", 1)[-1]}
                for s in self.exposed_state(cls, base)
            },
            "handlers": handlers,
            "config": config,
        }

    def seed(self, params):
        from django.core.management import call_command
        from django.core.management.commands import loaddata
        from django.db import connections

        command = loaddata.Command()
        output = io.StringIO()
        try:
            call_command(command, *params["paths"], verbosity=1, stdout=output, stderr=output)
        finally:
            connections.close_all()  # leave no open transaction or lock behind
        return {
            "loaded_objects": command.loaded_object_count,
            "fixture_objects": command.fixture_object_count,
            "fixture_count": command.fixture_count,
            "output": output.getvalue().strip(),
        }

    # ---- installed_djust: what the project's djust really has --------------------------------
    def installed_djust(self, params):
        """Which of the dotted names djust-mcp's data describes ("djust.decorators.cache") the
        installed djust defines, and its event_security mode. A module that fails to import makes
        its names missing; nothing else is imported."""
        present, missing = [], []
        modules = {}
        for dotted in params["names"]:
            module_name, _, attribute = dotted.rpartition(".")
            if module_name != FRAMEWORK_PACKAGE and not module_name.startswith(FRAMEWORK_PACKAGE + "."):
                raise RequestError("%r is not a name in the %s package" % (dotted, FRAMEWORK_PACKAGE))
            if module_name not in modules:
                try:
                    modules[module_name] = importlib.import_module(module_name)
                except Exception:
                    modules[module_name] = None
            # A submodule of the same name (djust.live_view when djust has no live_view function) is
            # not the class or function asked about.
            found = getattr(modules[module_name], attribute, None)
            (present if found is not None and not inspect.ismodule(found) else missing).append(dotted)
        return {
            "djust": _info(self)["djust"],
            "present": present,
            "missing": missing,
            "event_security": _event_security(),
        }


def _event_security():
    """djust's event_security mode as djust itself resolves it (its config object), or None when
    this djust has no such setting."""
    try:
        from djust.config import config
    except Exception:
        return None
    mode = config.get("event_security")
    return mode if isinstance(mode, str) else None


def _pattern_parts(pattern):
    """(text, kwarg names) of one URL pattern piece; regex anchors are dropped when joining."""
    from django.urls.resolvers import LocalePrefixPattern, RegexPattern

    if isinstance(pattern, LocalePrefixPattern):
        return pattern.language_prefix, []
    text = str(pattern)
    if isinstance(pattern, RegexPattern):
        text = text[1:] if text.startswith("^") else text
        for end in ("\\Z", "$"):
            if text.endswith(end):
                text = text[: -len(end)]
    try:
        names = list(pattern.regex.groupindex)
    except Exception:
        names = []
    return text, names


def _is_admin_view(callback):
    """True for the views an admin site wraps: they carry their site or model admin."""
    return callback is not None and (
        getattr(callback, "admin_site", None) is not None or getattr(callback, "model_admin", None) is not None
    )


def _callable_path(callback):
    func = inspect.unwrap(callback)
    func = getattr(func, "func", func)  # functools.partial
    return _path(func)


def _public_route(route):
    return {k: v for k, v in route.items() if not k.startswith("_")}


_AUTH_MIXINS = []


def _is_auth_mixin(klass):
    if not _AUTH_MIXINS:
        for module, names in (
            ("djust.auth", ("LoginRequiredMixin", "PermissionRequiredMixin")),
            ("django.contrib.auth.mixins", ("AccessMixin",)),
        ):
            try:
                imported = importlib.import_module(module)
            except Exception:
                continue
            _AUTH_MIXINS.extend(getattr(imported, n) for n in names if inspect.isclass(getattr(imported, n, None)))
    return bool(_AUTH_MIXINS) and issubclass(klass, tuple(_AUTH_MIXINS))


def _template(cls, find_file=True):
    name = getattr(cls, "template_name", None)
    inline = getattr(cls, "template", None)
    info = {
        "template_name": name if isinstance(name, str) and name else None,
        "inline": isinstance(inline, str) and bool(inline),
        "file": None,
    }
    if find_file and info["template_name"]:
        info["file"] = _template_file(info["template_name"])
    return info


def _template_file(name):
    """The file a template name resolves to, without compiling the template."""
    from django.template import engines

    for engine in engines.all():
        loaders = getattr(getattr(engine, "engine", None), "template_loaders", None) or []
        for loader in loaders:
            try:
                for origin in loader.get_template_sources(name):
                    if os.path.isfile(origin.name):
                        return os.path.abspath(origin.name)
            except Exception:
                continue
    return None


def _functions_of(member):
    """The plain functions behind a class attribute (methods, static/class methods, properties)."""
    if isinstance(member, (staticmethod, classmethod)):
        member = member.__func__
    if isinstance(member, property):
        candidates = [member.fget, member.fset, member.fdel]
    else:
        candidates = [member]
    return [inspect.unwrap(f) for f in candidates if inspect.isfunction(f)]


def _self_assignments(function_node, self_name):
    """(attribute, line) for every `self.attribute` the function assigns to."""
    for node in ast.walk(function_node):
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor)):
            targets = [node.target]
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            targets = [item.optional_vars for item in node.items if item.optional_vars is not None]
        else:
            continue
        pending = list(targets)
        while pending:
            target = pending.pop()
            if isinstance(target, (ast.Tuple, ast.List)):
                pending.extend(target.elts)
            elif isinstance(target, ast.Starred):
                pending.append(target.value)
            elif (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == self_name
            ):
                yield target.attr, target.lineno


def _handler(name, func, markers, owner, origin):
    original = inspect.unwrap(func)
    if markers.get("event_handler"):
        kind = "action" if markers.get("action") else "event_handler"
        marker = markers["event_handler"]
    else:
        kind = "server_function"
        marker = markers["server_function"]
    params, accepts_kwargs = _parameters(func, 1)
    description = (marker.get("description") if isinstance(marker, dict) else "") or inspect.getdoc(original) or ""
    decorators = []
    for key, value in markers.items():
        if key in HANDLER_MARKERS and isinstance(value, dict):
            value = {k: value[k] for k in MARKER_SETTINGS if k in value}
        decorators.append({"name": key, "settings": _jsonable(value)})
    file, line = _find_location(original)
    return {
        "name": name,
        "kind": kind,
        "is_async": inspect.iscoroutinefunction(original),
        "params": params,
        "accepts_kwargs": accepts_kwargs,
        "description": description,
        "decorators": decorators,
        "defined_in": _path(owner),
        "origin": origin,
        "file": file,
        "line": line,
    }


def _handler_summary(handler):
    """A handler in a list of classes: get_view_schema gives where it is defined, and the rest."""
    return {"name": handler["name"], "origin": handler["origin"]}


def _signature_text(handler):
    parts = []
    for p in handler["params"]:
        text = p["name"]
        if p["type"]:
            text += ": " + p["type"]
        if not p["required"]:
            text += " = " + p["default"]
        parts.append(text)
    if handler["accepts_kwargs"]:
        parts.append("**kwargs")
    return ", ".join(parts)


def _decorator_tag(decorator):
    settings = decorator["settings"]
    if settings is True:
        return "@" + decorator["name"]
    if isinstance(settings, dict):
        inner = ", ".join("%s=%s" % (k, v) for k, v in settings.items() if v is not None)
        return "@%s(%s)" % (decorator["name"], inner) if inner else "@" + decorator["name"]
    return "@%s(%s)" % (decorator["name"], settings)


def _app_label(cls):
    from django.apps import apps

    config = apps.get_containing_app_config(cls.__module__)
    return config.label if config else cls.__module__.split(".")[0]


def _object_text(obj):
    if obj is None:
        return None
    if inspect.isclass(obj) or inspect.isroutine(obj):
        return _path(obj)
    return str(obj)[:300]


def _check_location(message):
    """Where a check message points: djust's own file_path/line_number, else its object's source."""
    file = getattr(message, "file_path", None)
    if file:
        return os.path.abspath(str(file)), getattr(message, "line_number", None)
    obj = message.obj
    if obj is not None and not (inspect.isclass(obj) or inspect.isroutine(obj) or inspect.ismodule(obj)):
        obj = getattr(obj, "model", None)  # a model field points at its model
    if obj is None or not (inspect.isclass(obj) or inspect.isroutine(obj) or inspect.ismodule(obj)):
        return None, None
    return _location(obj)


# ---------------------------------------------------------------------------------------------
# The conversation with djust-mcp
# ---------------------------------------------------------------------------------------------
def _info(project):
    import django
    from django.conf import settings

    djust_version = None
    if project.view_base is not None:
        # Imported fine; a package without __version__ is still djust (doctor once called it missing).
        djust_version = getattr(sys.modules.get(FRAMEWORK_PACKAGE), "__version__", None)
        if not djust_version:
            try:
                from importlib.metadata import version

                djust_version = version(FRAMEWORK_PACKAGE)
            except Exception:
                djust_version = "installed (version unknown)"
    return {
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "django": django.get_version(),
        "settings": getattr(settings, "SETTINGS_MODULE", None),
        "djust": djust_version,
        "djust_error": project.djust_error,
        "views": len(project.views()) if project.view_base is not None else 0,
        "components": len(project.components()) if project.view_base is not None else 0,
        "import_errors": project.import_errors,
    }


# Every request djust-mcp may send, by its "method". data/bridge/contract.json declares the same
# names with their params and result schemas; a test holds the two to each other.
METHODS = {
    "list_views": Project.list_views,
    "list_components": Project.list_components,
    "list_routes": Project.list_routes,
    "view_schema": Project.view_schema,
    "checks": Project.checks,
    "audit": Project.audit,
    "seed": Project.seed,
    "installed_djust": Project.installed_djust,
}


def _send(stream, message):
    stream.write(json.dumps(message, default=_jsonable, ensure_ascii=True).encode("ascii") + b"\n")
    stream.flush()


def serve(requests, replies):
    """Answers requests until djust-mcp closes the request pipe. The first line holds the
    options: {"exclude": [patterns], "exclude_base": folder}."""
    project = Project(json.loads(requests.readline() or "{}"))
    try:
        _send(replies, {"ready": True, "info": _info(project)})
        for line in requests:
            request_id = None
            try:
                request = json.loads(line)
                request_id = request.get("id")
                method = METHODS.get(request.get("method"))
                if method is None:
                    raise RequestError("unknown bridge method %r" % request.get("method"))
                reply = {"id": request_id, "ok": True, "result": method(project, request.get("params") or {})}
            except RequestError as exc:
                reply = {"id": request_id, "ok": False, "error": str(exc)}
            except (Exception, SystemExit) as exc:
                reply = {"id": request_id, "ok": False, "error": "The project raised " + _error_text(exc)}
            _send(replies, reply)
    except BrokenPipeError:
        pass  # djust-mcp went away
