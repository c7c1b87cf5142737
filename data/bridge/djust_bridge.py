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
from decimal import Decimal

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


class InterpreterError(RequestError):
    """A request this interpreter cannot serve (djust missing): djust-mcp adds which interpreter it is."""


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
            raise InterpreterError(
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
        paths_named = {}
        for c in candidates:
            paths_named.setdefault(c.__name__, set()).add(_path(c))
        known = sorted(set(paths_named) | {_path(c) for c in candidates})
        # A name two classes share is suggested as their dotted paths, each suggestion once.
        close = []
        for match in difflib.get_close_matches(name, known, n=3):
            shared = paths_named.get(match, set())
            for suggestion in sorted(shared) if len(shared) > 1 else [match]:
                if suggestion not in close:
                    close.append(suggestion)
        text = "No LiveView or LiveComponent named '%s' in this project." % name
        if close:
            text += " Did you mean %s?" % " or ".join("'%s'" % c for c in close[:3])
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
        self._walk_urls(patterns, "", "", [], False, [], routes)
        return routes

    def _walk_urls(self, patterns, prefix, namespace, kwargs, in_admin, pieces, out):
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
                self._walk_urls(children, prefix + text, space, kwargs + names, admin, pieces + [entry.pattern], out)
            elif isinstance(entry, URLPattern):
                route = self._route(entry, prefix + text, namespace, kwargs + names, in_admin)
                route["_pieces"] = pieces + [entry.pattern]  # the project API builds URLs from them
                out.append(route)

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
        route["_callback"] = callback
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

    # The project's own API (see _ApiCatalog) ------------------------------------------------
    def _api(self, admin):
        catalog = getattr(self, "_api_catalog", None)
        if catalog is None:
            catalog = self._api_catalog = _ApiCatalog(self)
        if admin and not getattr(catalog, "admin_added", False):
            catalog.admin_added = True
            catalog.add_admin()
        return catalog

    def api_operations(self, params):
        _api_user(params.get("run_as"))  # a user that does not exist is an error at once
        catalog = self._api(params.get("admin", False))
        operations = [o for o in catalog.operations.values() if params.get("admin") or o["kind"] != "admin"]
        return {"operations": operations, "errors": catalog.errors}

    def api_call(self, params):
        operation_id = params["id"]
        catalog = self._api(operation_id.startswith("admin:"))
        operation = catalog.operations.get(operation_id)
        if operation is None:
            raise RequestError("The project no longer has the endpoint %s; list the tools again." % operation_id)
        user = _api_user(params.get("run_as"))
        call = catalog.call_drf if operation["kind"] == "drf" else catalog.call_admin
        with _RecordedWrites(params.get("dry_run", False)) as recorded:
            result = call(operation, catalog.targets[operation_id], params, user)
        if recorded.dry_run:
            result["dry_run"] = {"rolled_back": True, "writes": recorded.writes}
        return result

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
    from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

    if isinstance(pattern, LocalePrefixPattern):
        return pattern.language_prefix, []
    text = str(pattern)
    if isinstance(pattern, RoutePattern):
        return text, list(pattern.converters)  # its regex is compiled on first use: not needed here
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
# The project's own API (issue #15): its DRF endpoints and ModelAdmins as operations djust-mcp
# turns into tools. An operation is one HTTP method of one URL, or one admin verb of one model;
# it is called through the project's own machinery (the resolved view with APIRequestFactory, the
# ModelAdmin's permissions, queryset and form), so a call behaves as a request would.
# ---------------------------------------------------------------------------------------------
API_SKIPPED_METHODS = ("head", "options", "trace")
API_WRITE_METHODS = ("post", "put", "patch", "delete")
# Generic-view methods and the DRF action they are (the same verbs a ViewSet's action map names).
API_GENERIC_ACTIONS = (
    ("get", "ListModelMixin", "list"),
    ("get", "RetrieveModelMixin", "retrieve"),
    ("post", "CreateModelMixin", "create"),
    ("patch", "UpdateModelMixin", "partial_update"),
    ("put", "UpdateModelMixin", "update"),
    ("delete", "DestroyModelMixin", "destroy"),
)
API_STANDARD_ACTIONS = ("list", "retrieve", "create", "update", "partial_update", "destroy")
# Fields a call sends as text: (class name in DRF's fields and Django's forms, the pattern input
# must match or None, what it holds).
# (class name, pattern, JSON Schema format, description). A format is given only where every
# value of that format parses (RFC 3339 date-time and full-date, ISO 8601 durations, hyphenated
# UUIDs); Django's parse_time takes no RFC 3339 offset, so a time has none.
API_TEXT_FIELDS = (
    ("DateTimeField", None, "date-time", "a date and time, ISO 8601 (2024-05-01T12:00:00Z)"),
    ("DateField", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "date", "a date, YYYY-MM-DD"),
    ("TimeField", None, None, "a time, HH:MM[:ss[.uuuuuu]]"),
    ("DurationField", None, "duration", "a duration, [DD] [HH:[MM:]]ss[.uuuuuu] or ISO 8601 (P1DT2H)"),
    ("UUIDField", "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$", "uuid", "a UUID"),
)
# The help text django-filter gives a comma-separated (`__in`, `__range`) filter's field.
API_CSV_HELP = "Multiple values may be separated by commas."
API_MAX_RECORDED_WRITES = 50
API_MAX_TEXT = 20000


def _api_user(username):
    """The user a call runs as: `username`, or the anonymous user."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser
    from django.db import DatabaseError

    if not username:
        return AnonymousUser()
    model = get_user_model()
    try:
        return model._default_manager.get_by_natural_key(username)
    except model.DoesNotExist:
        raise RequestError(
            "--run-as %s: the project's database has no user with %s '%s'. Name an existing user, or leave "
            "--run-as out to call as the anonymous user." % (username, model.USERNAME_FIELD, username)
        )
    except DatabaseError as exc:
        raise RequestError("--run-as %s: the users cannot be read from the database: %s" % (username, exc))


def _api_jsonable(value):
    """A JSON-friendly copy of response data, as DRF's JSON renderer writes it."""
    from rest_framework.utils.encoders import JSONEncoder

    return json.loads(json.dumps(value, cls=JSONEncoder))


def _api_doc(*objects):
    """The first docstring of `objects` that is not inherited from a framework class."""
    for obj in objects:
        # A class's docstring counts where it is written: one without its own inherits DRF's or Django's.
        if inspect.isclass(obj):
            obj = next((k for k in obj.__mro__ if k is not object and k.__dict__.get("__doc__")), None)
        if obj is None or (getattr(obj, "__module__", "") or "").startswith(("rest_framework", "django.")):
            continue
        doc = inspect.getdoc(obj)
        if doc:
            return doc.strip()
    return ""


def _regex_group_end(regex, start):
    """The index just past the group opening at `start`, parentheses balanced, escapes skipped."""
    depth, i, in_class = 0, start, False
    while i < len(regex):
        char = regex[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(regex)


def _url_template(pieces):
    """("/products/{pk}/", {name: regex}) from the patterns of a route, or (None, reason) when a
    piece is a regex with more than literal text and named groups."""
    import re

    from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

    text, params = "", {}
    for pattern in pieces:
        if isinstance(pattern, LocalePrefixPattern):
            text += pattern.language_prefix
        elif isinstance(pattern, RoutePattern):
            route = str(pattern)
            for match in re.finditer(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>", route):
                params[match.group("name")] = pattern.converters[match.group("name")]
            text += re.sub(r"<(?:[^>:]+:)?(\w+)>", r"{\1}", route)
        elif isinstance(pattern, RegexPattern):
            regex, out, i = str(pattern), "", 0
            regex = regex[1:] if regex.startswith("^") else regex
            for end in ("\\Z", "$"):
                regex = regex[: -len(end)] if regex.endswith(end) else regex
            while i < len(regex):
                if regex.startswith("(?P<", i):
                    close = regex.index(">", i)
                    name, end = regex[i + 4 : close], _regex_group_end(regex, i)
                    params[name] = regex[close + 1 : end - 1]
                    out += "{%s}" % name
                    i = end
                elif regex[i] == "\\" and i + 1 < len(regex) and not regex[i + 1].isalnum():
                    out += regex[i + 1]
                    i += 2
                elif regex[i] in "^$()[]{}*+?|.\\":
                    return None, "the URL pattern %r is a regular expression djust-mcp cannot fill in" % str(pattern)
                else:
                    out += regex[i]
                    i += 1
            text += out
    return "/" + text, params


def _path_param_schema(name, converter, pk_integer):
    """The JSON Schema of one URL parameter: a path() converter or a re_path() group's regex."""
    from django.urls import converters

    if isinstance(converter, converters.IntConverter):
        return {"type": "integer", "minimum": 0}
    if isinstance(converter, converters.UUIDConverter):
        return {"type": "string", "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"}
    if pk_integer and name in ("pk", "id"):
        return {"type": "integer", "minimum": 0}
    regex = converter if isinstance(converter, str) else getattr(converter, "regex", "[^/]+")
    return {"type": "string", "minLength": 1, "pattern": "^(?:%s)$" % regex}


def _pk_schema(model, field_name=None):
    """The JSON Schema of a model's primary key, or of the field `field_name` (a to_field_name)."""
    from django.db import models

    if model is None:
        return {"type": ["integer", "string"]}
    pk = model._meta.get_field(field_name) if field_name else model._meta.pk
    while isinstance(pk, (models.OneToOneField, models.ForeignKey)):
        pk = pk.target_field
    if isinstance(pk, (models.AutoField, models.IntegerField)):
        return {"type": "integer"}
    return {"type": "string"}


def _with_null(schema):
    kind = schema.get("type")
    if kind is None:
        return schema
    kinds = kind if isinstance(kind, list) else [kind]
    if "null" not in kinds:
        schema["type"] = kinds + ["null"]
    if "enum" in schema and None not in schema["enum"]:
        schema["enum"] = schema["enum"] + [None]
    return schema


def _choice_keys(choices):
    keys = []
    for key, label in choices.items() if hasattr(choices, "items") else choices:
        if isinstance(label, (list, tuple)):  # an option group
            keys.extend(k for k, _ in label)
        else:
            keys.append(key)
    return [k if isinstance(k, (str, int, float, bool)) or k is None else str(k) for k in keys if k != ""]


def _text_kind(field, module):
    """The string schema and description of a field API_TEXT_FIELDS names, in `module`: DRF's
    fields or Django's forms (the same class names, parsing the same formats), else None."""
    for name, pattern, format_name, note in API_TEXT_FIELDS:
        if isinstance(field, getattr(module, name)):
            schema = {"type": "string"}
            if pattern:
                schema["pattern"] = pattern
            if format_name:
                schema["format"] = format_name
            return schema, note
    return None


def _drf_field_schema(field, side):
    """The JSON Schema of one DRF serializer field, for input (what a call sends) or output."""
    from rest_framework import fields, relations, serializers
    from rest_framework.fields import empty

    notes = []
    if isinstance(field, serializers.ListSerializer):
        schema = {"type": "array", "items": _drf_field_schema(field.child, side)}
    elif isinstance(field, serializers.Serializer):
        schema = _serializer_schema(field, side)
    elif isinstance(field, relations.ManyRelatedField):
        schema = {"type": "array", "items": _drf_field_schema(field.child_relation, side)}
    elif isinstance(field, relations.HyperlinkedRelatedField):
        schema = {"type": "string"}
        notes.append("the URL of the related object")
    elif isinstance(field, relations.SlugRelatedField):
        schema = {"type": "string"}
        notes.append("the related object's %s" % field.slug_field)
    elif isinstance(field, relations.PrimaryKeyRelatedField):
        queryset = field.queryset
        schema = dict(_pk_schema(getattr(queryset, "model", None)))
        notes.append("the primary key of a %s" % getattr(getattr(queryset, "model", None), "__name__", "related object"))
    elif isinstance(field, relations.RelatedField):
        schema = {"type": "string"}
    elif isinstance(field, fields.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, fields.MultipleChoiceField):
        schema = {"type": "array", "items": {"enum": _choice_keys(field.choices)}, "uniqueItems": True}
    elif isinstance(field, fields.ChoiceField):
        schema = {"enum": _choice_keys(field.choices)}
        if side == "output":
            schema = {}  # a choice field writes whatever the model holds
    elif isinstance(field, fields.DecimalField):
        if side == "input":
            whole = "" if field.max_digits is None else str(field.max_digits - (field.decimal_places or 0))
            schema = {"type": "string", "pattern": "^-?[0-9]{0,%s}(\\.[0-9]{0,%s})?$" % (whole or "", field.decimal_places or 0)}
            schema["pattern"] = schema["pattern"].replace("{0,}", "*")
            notes.append("a decimal number as a string, e.g. \"12.50\"")
        else:
            schema = {"type": ["string", "number"]}
    elif isinstance(field, fields.IntegerField):
        schema = {"type": "integer"}
    elif isinstance(field, fields.FloatField):
        schema = {"type": "number"}
    elif _text_kind(field, fields) is not None:
        schema, note = _text_kind(field, fields)
        if side == "output":
            schema = {"type": "string"}  # what a project stored before a format applied is still shown
        notes.append(note)
    elif isinstance(field, fields.ListField):
        schema = {"type": "array", "items": _drf_field_schema(field.child, side)}
    elif isinstance(field, fields.DictField):
        schema = {"type": "object", "additionalProperties": _drf_field_schema(field.child, side)}
    elif isinstance(field, fields.JSONField):
        schema = {}
    elif isinstance(field, fields.FileField):
        schema = {"type": "string"}
        notes.append("a file: cannot be uploaded as JSON" if side == "input" else "the file's URL")
    elif isinstance(field, fields.CharField):  # Email, URL, Slug, Regex, IPAddress fields included
        schema = {"type": "string"}
        if isinstance(field, fields.EmailField):
            notes.append("an email address")
        elif isinstance(field, fields.URLField):
            notes.append("a URL")
    else:  # SerializerMethodField, ReadOnlyField, custom fields: anything
        schema = {}
    if side == "input":
        _add_limits(field, schema)
    if getattr(field, "allow_null", False):
        schema = _with_null(schema)
    label = getattr(field, "label", None)
    if label:
        schema["title"] = str(label)
    text = " ".join([str(field.help_text)] if getattr(field, "help_text", None) else [])
    if notes:
        text = (text + " " if text else "") + "(" + "; ".join(notes) + ")"
    if text:
        schema["description"] = text
    default = getattr(field, "default", empty)
    if side == "input" and default is not empty and not callable(default):
        try:
            schema["default"] = _api_jsonable(default)
        except (TypeError, ValueError):
            pass
    return schema


def _add_limits(field, schema):
    """min/max value and length, blank and regex validators, as JSON Schema keywords."""
    from django.core.validators import RegexValidator
    from rest_framework import fields

    kind = schema.get("type")
    if kind in ("integer", "number"):
        for attribute, keyword in (("min_value", "minimum"), ("max_value", "maximum")):
            value = getattr(field, attribute, None)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                schema[keyword] = value
    if kind == "string" and isinstance(field, fields.CharField):
        if field.max_length is not None:
            schema["maxLength"] = field.max_length
        if field.min_length is not None:
            schema["minLength"] = field.min_length
        elif not field.allow_blank:
            schema["minLength"] = 1
        for validator in field.validators:
            if isinstance(validator, RegexValidator) and not validator.inverse_match and "pattern" not in schema:
                schema["pattern"] = validator.regex.pattern
    if kind == "array" and isinstance(field, fields.ListField):
        if field.min_length is not None:
            schema["minItems"] = field.min_length
        if field.max_length is not None:
            schema["maxItems"] = field.max_length


def _serializer_schema(serializer, side, partial=False):
    from rest_framework import serializers

    properties, required = {}, []
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.HiddenField):
            continue
        if (side == "input" and field.read_only) or (side == "output" and field.write_only):
            continue
        properties[name] = _drf_field_schema(field, side)
        if side == "input" and field.required and not partial:
            required.append(name)
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    if side == "input":
        schema["additionalProperties"] = False
    return schema


def _form_value_schema(field):
    """The JSON Schema of the value one Django form field takes (an admin form's, a filter's)."""
    from django import forms

    if isinstance(field, forms.ModelMultipleChoiceField):
        schema = {"type": "array", "items": _pk_schema(field.queryset.model, field.to_field_name)}
    elif isinstance(field, forms.ModelChoiceField):
        schema = dict(_pk_schema(field.queryset.model, field.to_field_name))
    elif isinstance(field, forms.BooleanField):  # NullBooleanField too
        schema = {"type": "boolean"}
    elif isinstance(field, forms.MultipleChoiceField):
        schema = {"type": "array", "items": {"enum": _choice_keys(field.choices)}}
    elif isinstance(field, forms.ChoiceField):
        schema = {"enum": _choice_keys(field.choices)}
    elif isinstance(field, forms.DecimalField):
        schema = {"type": ["string", "number"]}
    elif isinstance(field, forms.IntegerField):
        schema = {"type": "integer"}
    elif isinstance(field, forms.FloatField):
        schema = {"type": "number"}
    elif _text_kind(field, forms) is not None:
        schema, note = _text_kind(field, forms)
        schema["description"] = note
    else:
        schema = {"type": "string"}
        if getattr(field, "max_length", None):
            schema["maxLength"] = field.max_length
    if isinstance(field, forms.IntegerField) or isinstance(field, forms.DecimalField):
        for attribute, keyword in (("min_value", "minimum"), ("max_value", "maximum")):
            value = getattr(field, attribute, None)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                schema[keyword] = value
    return schema


def _form_field_schema(field):
    """The JSON Schema of one Django form field (an admin form's), as a call sends it."""
    from django import forms

    schema = _form_value_schema(field)
    if isinstance(field, forms.NullBooleanField) or (
        not field.required and "type" in schema and not isinstance(field, forms.BooleanField)
    ):
        schema = _with_null(schema)
    if field.label:
        schema["title"] = str(field.label)
    if field.help_text:
        schema["description"] = str(field.help_text)
    return schema


def _django_filter_backend():
    """django-filter's DRF backend when the project uses it, else None. The bridge never imports
    django-filter itself: a project that filters with it has imported it already, and a project
    without it runs as if it did not exist."""
    return getattr(sys.modules.get("django_filters.rest_framework.backends"), "DjangoFilterBackend", None)


def _filter_schema(filter_, field):
    """The JSON Schema of one django-filter filter's query value, from its form field: a
    NumberFilter is a number, a BooleanFilter a boolean, a ChoiceFilter an enum, a
    ModelChoiceFilter the related primary key, an `__in` or `__range` lookup an array."""
    from django import forms
    from django.utils.translation import gettext
    from django_filters.fields import BaseCSVField, BaseRangeField

    schema = _form_value_schema(field)
    if isinstance(field, forms.DecimalField):
        schema["type"] = "number"  # what NumberFilter's DecimalField parses from the query
    notes = [schema.pop("description")] if "description" in schema else []
    texts = [str(text).rstrip(".") for text in (filter_.label, field.help_text) if text]
    if isinstance(field, BaseCSVField):
        schema = {"type": "array", "items": schema}
        if isinstance(field, BaseRangeField):
            schema["minItems"] = schema["maxItems"] = 2
        # The bridge joins the list with commas itself, so the field's advice to do so would mislead.
        texts = [text for text in texts if text != gettext(API_CSV_HELP).rstrip(".")]
        notes = ["each " + note for note in notes] + ["sent as one comma-separated parameter"]
    description = ". ".join(texts) + (" (%s)" % "; ".join(notes) if notes else "")
    if description.strip():
        schema["description"] = description.strip()
    return schema


class _CollectedMessages(list):
    """Stands in for the messages framework's storage: admin actions report through it."""

    def add(self, level, message, extra_tags=""):
        self.append(str(message))


class _ApiCatalog:
    """The operations of the running project: built once per bridge process (the bridge
    restarts when the project's sources change)."""

    def __init__(self, project):
        self.operations = {}  # id -> public description
        self.targets = {}  # id -> what a call needs
        self.errors = []
        self._schemas = {}  # (serializer class, side, partial) -> JSON Schema
        self._serializers = {}  # serializer class -> its instance, whose fields every side reads
        try:
            routes = project.routes()
        except RequestError as exc:
            self.errors.append({"where": "URLconf", "error": str(exc)})
            routes = []
        sites = {}
        for route in routes:
            callback = route["_callback"]
            site = getattr(callback, "admin_site", None)
            if site is not None:
                sites.setdefault(id(site), (site, route["pattern"]))
            if route["kind"] in ("drf_viewset", "drf_apiview"):
                try:
                    self._add_drf(route)
                except Exception as exc:
                    self.errors.append({"where": "%s (%s)" % (route["pattern"], route["view"]), "error": _error_text(exc)})
        self.sites = sorted(sites.values(), key=lambda entry: entry[1])

    def _add(self, operation, target):
        if operation["id"] not in self.operations:  # the first pattern wins, as in Django
            self.operations[operation["id"]] = operation
            self.targets[operation["id"]] = target

    # DRF ------------------------------------------------------------------------------------
    def _add_drf(self, route):
        if "format" in route["kwargs"]:
            return  # format_suffix_patterns' twin of a route listed anyway
        callback, cls = route["_callback"], route["_class"]
        template, params = _url_template(route["_pieces"])
        if template is None:
            self.errors.append({"where": "%s (%s)" % (route["pattern"], route["view"]), "error": params})
            return
        actions = getattr(callback, "actions", None)
        if actions:
            pairs = [(m, a) for m, a in actions.items() if m not in API_SKIPPED_METHODS]
        else:
            names = [c.__name__ for c in cls.__mro__]
            pairs = []
            for method in cls.http_method_names:
                if method in API_SKIPPED_METHODS or not callable(getattr(cls, method, None)):
                    continue
                generic = [a for m, mixin, a in API_GENERIC_ACTIONS if m == method and mixin in names]
                detail = bool(params)
                action = next((a for a in generic if (a == "list") != detail), generic[0] if generic else method)
                pairs.append((method, action))
        methods = dict(pairs)
        for method, action in pairs:
            if method == "put" and methods.get("patch") == "partial_update":
                continue  # update and partial_update are one tool, PATCH-style
            self._add_drf_operation(route, callback, cls, method, action, template, params)

    def _add_drf_operation(self, route, callback, cls, method, action, template, params):
        view = cls(**(getattr(callback, "initkwargs", None) or {}))
        view.args, view.kwargs, view.request, view.format_kwarg = (), {}, None, None
        view.action_map = getattr(callback, "actions", None) or {}
        view.action = action
        notes = []
        serializer_class = None
        if hasattr(view, "get_serializer_class"):
            try:
                serializer_class = view.get_serializer_class()
                self._schema(serializer_class, "output")  # builds the serializer: it may need a request
            except Exception as exc:
                serializer_class = None
                notes.append(
                    "Its serializer cannot be built without a request (%s), so the schema is open; the call "
                    "still runs the view as it is." % _error_text(exc)
                )
        model = None
        try:
            model = view.get_queryset().model
        except Exception:
            model = getattr(getattr(view, "queryset", None), "model", None)
        lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", None)
        pk_integer = _pk_schema(model).get("type") == "integer" and getattr(view, "lookup_field", "pk") in ("pk", "id")
        path_schema = {name: _path_param_schema(name if name != lookup else "pk", regex, pk_integer) for name, regex in params.items()}
        standard = action in API_STANDARD_ACTIONS
        body, query, csv = None, {}, []
        if method in ("post", "put", "patch") and standard and serializer_class is not None:
            body = self._schema(serializer_class, "input", partial=action in ("update", "partial_update"))
        elif method in ("post", "put", "patch"):
            body = {"type": "object", "description": "The request body; the view's code decides what it reads."}
        output = {}
        item = self._schema(serializer_class, "output") if serializer_class is not None else {}
        if action == "list":
            query, csv = self._list_query(view, notes)
            output = self._paged_output(view, item)
        elif action == "destroy":
            output = {"type": "null"}
        elif standard:
            output = item
        doc = _api_doc(getattr(cls, action, None) if not standard else None, cls)
        operation = {
            "id": "%s %s" % (method.upper(), template),
            "kind": "drf",
            "resource": self._resource(route, cls, callback),
            "action": action,
            "method": "PATCH" if action in ("update", "partial_update") else method.upper(),
            "path": template,
            "name": route["name"],
            "view": route["view"],
            "doc": doc,
            "path_params": path_schema,
            "query": query,
            "body": body,
            "output": output,
            "permissions": [type(p).__name__ for p in self._safely(view.get_permissions, [])],
            "throttles": [type(t).__name__ for t in self._safely(view.get_throttles, [])],
            "writes": method in API_WRITE_METHODS,
            "notes": notes,
        }
        self._add(operation, {"kind": "drf", "class": cls, "method": method if action != "update" else "patch", "csv": csv})

    def _schema(self, serializer_class, side, partial=False):
        """The JSON Schema of a serializer class, built once per class (views share them)."""
        key = (serializer_class, side, partial)
        if key not in self._schemas:
            if serializer_class not in self._serializers:
                context = {"request": None, "view": None, "format": None}
                self._serializers[serializer_class] = serializer_class(context=context)
            self._schemas[key] = _serializer_schema(self._serializers[serializer_class], side, partial)
        return self._schemas[key]  # shared by the operations, which never change it

    @staticmethod
    def _safely(function, fallback):
        try:
            return function()
        except Exception:
            return fallback

    @staticmethod
    def _resource(route, cls, callback):
        basename = (getattr(callback, "initkwargs", None) or {}).get("basename")
        if basename:
            return basename
        if route["name"]:
            return route["name"].rpartition(":")[2]
        import re

        name = re.sub(r"(ViewSet|APIView|View)$", "", cls.__name__) or cls.__name__
        return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()

    @classmethod
    def _list_query(cls, view, notes):
        """The query arguments a list view honours, and those of them sent comma-separated."""
        from rest_framework import filters, pagination

        query, csv = {}, []
        filter_backend = _django_filter_backend()
        paginator = view.paginator
        if isinstance(paginator, pagination.PageNumberPagination):
            query[paginator.page_query_param] = {"type": "integer", "minimum": 1, "description": "The page, from 1."}
        elif isinstance(paginator, pagination.LimitOffsetPagination):
            limit = {"type": "integer", "minimum": 1, "description": "How many items."}
            if paginator.max_limit:
                limit["maximum"] = paginator.max_limit
            query[paginator.limit_query_param] = limit
            query[paginator.offset_query_param] = {"type": "integer", "minimum": 0, "description": "Items to skip."}
        elif isinstance(paginator, pagination.CursorPagination):
            query[paginator.cursor_query_param] = {"type": "string", "description": "The `next` cursor of the last page."}
        size = getattr(paginator, "page_size_query_param", None)
        if size:
            query[size] = {"type": "integer", "minimum": 1, "description": "Items per page."}
            if getattr(paginator, "max_page_size", None):
                query[size]["maximum"] = paginator.max_page_size
        for backend in view.filter_backends:
            if issubclass(backend, filters.SearchFilter) and getattr(view, "search_fields", None):
                query[backend.search_param] = {
                    "type": "string",
                    "description": "Search in %s." % ", ".join(str(f).lstrip("^=@$") for f in view.search_fields),
                }
            elif issubclass(backend, filters.OrderingFilter):
                try:
                    queryset = getattr(view, "queryset", None)
                    valid = [name for name, _ in backend().get_valid_fields(queryset, view, {"request": None})]
                except Exception as exc:
                    notes.append("Its ordering fields cannot be read without a request (%s)." % _error_text(exc))
                    continue
                query[backend.ordering_param] = {
                    "type": "string",
                    "enum": valid + ["-" + name for name in valid],
                    "description": "Sort by this field; a leading '-' sorts descending.",
                }
            elif filter_backend is not None and issubclass(backend, filter_backend):
                cls._filterset_query(backend, view, query, csv, notes)
        return query, csv

    @staticmethod
    def _filterset_query(backend, view, query, csv, notes):
        """django-filter's filters of a list view as its arguments, from the filterset the view's
        backend itself builds (filterset_class, or one from filterset_fields)."""
        from django_filters.fields import BaseCSVField
        from django_filters.widgets import SuffixedMultiWidget

        try:
            try:
                queryset = view.get_queryset()
            except Exception:
                queryset = getattr(view, "queryset", None)
            filterset_class = backend().get_filterset_class(view, queryset)
            filters = filterset_class(queryset=queryset).filters if filterset_class is not None else {}
        except Exception as exc:
            notes.append("Its django-filter filters cannot be read without a request (%s)." % _error_text(exc))
            return
        for name, filter_ in filters.items():
            try:
                field = filter_.field
            except Exception as exc:  # e.g. a queryset callable that needs a request
                query.setdefault(name, {"type": "string", "description": "%s (its form field cannot be built "
                                        "without a request: %s)" % (filter_.label or name, _error_text(exc))})
                continue
            if isinstance(field.widget, SuffixedMultiWidget):  # a range: name_min/name_max, name_after/...
                for suffix, part in zip(field.widget.suffixes, field.fields):
                    query.setdefault(field.widget.suffixed(name, suffix), _filter_schema(filter_, part))
                continue
            schema = _filter_schema(filter_, field)
            if isinstance(field, BaseCSVField):
                csv.append(name)
            if name in query:
                notes.append("Its django-filter filter `%s` shares its query parameter with another argument." % name)
            query.setdefault(name, schema)

    @staticmethod
    def _paged_output(view, item):
        """A list's output: the items, in the envelope the view's pagination class builds, as that
        class's own get_paginated_response_schema() describes it."""
        from rest_framework import pagination

        items = {"type": "array", "items": item}
        paginator = view.paginator
        if paginator is None:
            return items
        classes = type(paginator).__mro__
        schema_owner, response_owner = (next(c for c in classes if name in vars(c))
                                        for name in ("get_paginated_response_schema", "get_paginated_response"))
        if schema_owner is pagination.BasePagination or classes.index(schema_owner) > classes.index(response_owner):
            # Its get_paginated_response() was overridden below its schema: any schema would be a guess.
            return {"description": "The response %s.get_paginated_response() builds around the items." % type(paginator).__name__}
        schema = _openapi_schema(paginator.get_paginated_response_schema(items))
        if response_owner.__module__ != pagination.__name__:
            return schema
        if "properties" in schema:
            schema["required"] = list(schema["properties"])  # DRF's own envelopes always hold every key
            arguments = ", ".join("`%s`" % getattr(paginator, name) for name in (
                "page_query_param", "limit_query_param", "offset_query_param", "cursor_query_param") if getattr(paginator, name, None))
            for link in ("next", "previous"):
                if link in schema["properties"]:
                    schema["properties"][link]["description"] = (
                        "The %s page's URL, as the project builds it for the host %s; this tool fetches it when called again "
                        "with that URL's %s." % (link, _request_host(), arguments))
        # DRF's paginators page only with a size: without a default one, a call that gives none
        # gets the plain list.
        for default, argument in (("page_size", "page_size_query_param"), ("default_limit", "limit_query_param")):
            if hasattr(paginator, default) and not getattr(paginator, default) and getattr(paginator, argument, None):
                return {"anyOf": [schema, items], "description": "Paged only when `%s` is given; the plain list "
                        "otherwise." % getattr(paginator, argument)}
            if hasattr(paginator, default) and not getattr(paginator, default):
                return items
        return schema

    def call_drf(self, operation, target, params, user):
        from django.urls import Resolver404, resolve
        from rest_framework.test import APIRequestFactory, force_authenticate
        from urllib.parse import quote, urlencode

        path = operation["path"]
        for name in operation["path_params"]:
            value = (params.get("path") or {}).get(name)
            if value is None:
                raise RequestError("The path parameter `%s` is missing." % name)
            path = path.replace("{%s}" % name, quote(str(value), safe=""))
        try:
            match = resolve(path)
        except Resolver404:
            return {"status": 404, "data": {"detail": "No URL pattern of the project matches %s." % path}}
        served = getattr(match.func, "cls", None) or getattr(match.func, "view_class", None)
        if served is not target["class"]:
            return {
                "status": 404,
                "data": {"detail": "%s is served by %s, not by %s: check the path parameters."
                         % (path, _callable_path(match.func) if served is None else _path(served), _path(target["class"]))},
            }
        query = {}
        for name, value in (params.get("query") or {}).items():
            if isinstance(value, list) and name in target["csv"]:
                value = ",".join(_query_text(v) for v in value)
            if value is not None:
                query[name] = [_query_text(v) for v in value] if isinstance(value, list) else _query_text(value)
        url = path + ("?" + urlencode(query, doseq=True) if query else "")
        factory = APIRequestFactory(HTTP_HOST=_request_host())
        body = params.get("body")
        if target["method"] in ("post", "put", "patch"):
            request = factory.generic(target["method"].upper(), url, json.dumps(body if body is not None else {}),
                                      content_type="application/json")
        else:
            request = factory.generic(target["method"].upper(), url)
        request.user = user
        request.resolver_match = match  # as Django's handler sets it: DRF's API root reads its namespace
        if user.is_authenticated:
            force_authenticate(request, user=user)
        response = match.func(request, *match.args, **match.kwargs)
        return {"status": response.status_code, "data": self._response_data(response)}

    @staticmethod
    def _response_data(response):
        data = getattr(response, "data", _MISSING)
        if data is not _MISSING:
            return _api_jsonable(data)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        content = getattr(response, "content", b"")
        if "json" in response.get("Content-Type", ""):
            try:
                return json.loads(content)
            except ValueError:
                pass
        return content.decode("utf-8", "replace")[:API_MAX_TEXT]

    # Admin ----------------------------------------------------------------------------------
    def add_admin(self):
        for site, prefix in self.sites:
            for model, model_admin in sorted(site._registry.items(), key=lambda item: item[0]._meta.label):
                try:
                    self._add_model_admin(site, prefix, model, model_admin)
                except Exception as exc:
                    self.errors.append({"where": "admin %s" % model._meta.label, "error": _error_text(exc)})

    def _add_model_admin(self, site, prefix, model, model_admin):
        from django.contrib.auth import get_permission_codename

        meta = model._meta
        base = "/%s%s/%s/" % (prefix, meta.app_label, meta.model_name)
        request = _admin_request("get", base, _superuser(), {})
        pk = _pk_schema(model)
        common = {
            "kind": "admin",
            # Another site's tools carry its name, so admin.site's keep theirs.
            "resource": ("" if site.name == "admin" else site.name + "_") + "%s_%s" % (meta.app_label, meta.model_name),
            "name": None,
            "view": _path(type(model_admin)),
            "doc": _api_doc(type(model_admin), model),
            "query": {},
            "body": None,
            "throttles": [],
            "notes": [],
            "site": site.name,
            "model": meta.label,
        }

        def permission(verb):
            return "%s.%s" % (meta.app_label, get_permission_codename(verb, meta))

        def add(verb, method, path, path_params, body, output, needs, writes, extra=None):
            operation = dict(common, **(extra or {}))
            operation.update({
                "id": "admin:%s:%s:%s" % (site.name, meta.label_lower, verb),
                "action": verb,
                "method": method,
                "path": path,
                "path_params": path_params,
                "body": body,
                "output": output,
                "permissions": ["staff (AdminSite.has_permission)"] + [permission(n) for n in needs],
                "writes": writes,
            })
            self._add(operation, {"kind": "admin", "site": site, "model": model, "verb": verb})

        filters = self._admin_filters(model_admin, request)
        query = {"q": {"type": "string", "description": "Search in %s." % ", ".join(model_admin.search_fields)}} if model_admin.search_fields else {}
        query["page"] = {"type": "integer", "minimum": 1, "description": "The page, from 1 (%d per page)." % model_admin.list_per_page}
        if filters:
            query["filters"] = {"type": "object", "properties": filters, "additionalProperties": False,
                                "description": "The admin's list_filter, as its query parameters."}
        columns = [str(c) for c in model_admin.get_list_display(request)]
        sortable = _admin_sortable_columns(model_admin, request)
        if sortable:
            query["ordering"] = {"type": "string", "enum": sortable + ["-" + c for c in sortable],
                                 "description": "Sort by this column of the list; a leading '-' sorts descending."}
        row = {"type": "object", "properties": {"pk": {}, "columns": {"type": "object"}}}
        listed = {"type": "object", "properties": {"count": {"type": "integer"}, "page": {"type": "integer"}, "pages": {"type": "integer"}, "columns": {"type": "array", "items": {"type": "string"}}, "results": {"type": "array", "items": row}}}
        add("list", "GET", base, {}, None, listed, ["view"], False, {"query": query, "columns": columns})
        detail = {"pk": pk}
        add("retrieve", "GET", base + "{pk}/change/", detail, None, {"type": "object"}, ["view"], False)
        add_form = model_admin.get_form(request, None, change=False)
        fields = _admin_form_inputs(add_form)
        required = [name for name, field in add_form.base_fields.items() if field.required and name in fields]
        add("add", "POST", base + "add/", {}, {"type": "object", "properties": fields, "required": required, "additionalProperties": False}, {"type": "object"}, ["add"], True)
        # The change form, which may differ (UserAdmin's add_form): get_form() and get_fieldsets()
        # choose it by being given an object, here one that is not saved.
        change_notes = []
        try:
            change_fields = _admin_form_inputs(model_admin.get_form(request, model(), change=True))
        except Exception as exc:
            change_fields = fields
            change_notes.append("Its change form cannot be built without a saved object (%s): its body is the add "
                                "form's fields, and the change form validates the call." % _error_text(exc))
        changed = {name: _with_null(dict(schema)) if "type" in schema else schema for name, schema in change_fields.items()}
        add("change", "POST", base + "{pk}/change/", detail, {"type": "object", "properties": changed, "additionalProperties": False},
            {"type": "object"}, ["change"], True, {"notes": change_notes})
        add("delete", "POST", base + "{pk}/delete/", detail, None, {"type": "object"}, ["delete"], True)
        for name, (function, _, description) in (model_admin.get_actions(request) or {}).items():
            needs = list(getattr(function, "allowed_permissions", ()) or ())
            body = {"type": "object", "properties": {"pks": {"type": "array", "items": pk, "minItems": 1, "description": "The primary keys of the objects to act on."}}, "required": ["pks"], "additionalProperties": False}
            add("action_" + name, "POST", base, {}, body, {"type": "object"}, needs or ["change"], True,
                {"doc": str(description % {"verbose_name_plural": meta.verbose_name_plural}) if "%(" in str(description) else str(description)})

    @staticmethod
    def _admin_filters(model_admin, request):
        from django.contrib import admin
        from django.db import models

        filters = {}
        for entry in model_admin.get_list_filter(request):
            name = entry[0] if isinstance(entry, (list, tuple)) else entry
            if inspect.isclass(name) and issubclass(name, admin.SimpleListFilter):
                filters[name.parameter_name] = _simple_list_filter_schema(name, request, model_admin)
                continue
            if not isinstance(name, str):
                continue
            try:
                field = model_admin.model._meta.get_field(name.split("__")[0])
            except Exception:
                continue
            if field.choices:
                filters[name + "__exact"] = {"enum": _choice_keys(field.choices), "description": str(field.verbose_name)}
            elif isinstance(field, models.BooleanField):
                filters[name + "__exact"] = {"enum": ["0", "1"], "description": str(field.verbose_name)}
            elif field.is_relation:
                filters[name + "__%s__exact" % field.target_field.name] = dict(_pk_schema(field.related_model), description="the primary key of a %s" % field.related_model.__name__)
            elif isinstance(field, models.DateField):
                filters[name + "__gte"] = {"type": "string", "description": "%s from (YYYY-MM-DD)" % field.verbose_name}
                filters[name + "__lt"] = {"type": "string", "description": "%s before (YYYY-MM-DD)" % field.verbose_name}
            else:
                filters[name + "__exact"] = {"type": "string", "description": str(field.verbose_name)}
        return filters

    def call_admin(self, operation, target, params, user):
        from django.core.exceptions import ValidationError

        site, model, verb = target["site"], target["model"], target["verb"]
        model_admin = site._registry[model]
        query = params.get("query") or {}
        body = params.get("body") or {}
        get = {}
        if verb == "list":
            get.update({k: str(v) for k, v in (query.get("filters") or {}).items()})
            for key, name in (("q", "q"), ("page", "p")):
                if query.get(key) not in (None, ""):
                    get[name] = str(query[key])
        request = _admin_request("get" if verb in ("list", "retrieve") else "post", operation["path"], user, get)
        if verb == "list" and query.get("ordering"):
            request.GET = request.GET.copy()
            request.GET["o"] = _admin_order_param(model_admin, request, query["ordering"])
        if not site.has_permission(request):
            return _denied("%s is not an active staff user, so the admin site refuses it (AdminSite.has_permission)." % _who(user))
        obj = None
        if "pk" in operation["path_params"]:
            pk = (params.get("path") or {}).get("pk")
            try:
                obj = model_admin.get_queryset(request).filter(pk=pk).first()
            except (ValueError, TypeError, ValidationError):
                obj = None
            if obj is None:
                return {"status": 404, "data": {"detail": "No %s with primary key %r (in what %s may see)." % (model._meta.verbose_name, pk, _who(user))}}
        if verb == "list":
            if not model_admin.has_view_or_change_permission(request):
                return _denied("%s lacks the permission to view %s." % (_who(user), model._meta.label))
            return self._admin_list(model_admin, request, get)
        if verb == "retrieve":
            if not model_admin.has_view_or_change_permission(request, obj):
                return _denied("%s lacks the permission to view this %s." % (_who(user), model._meta.label))
            names = [n for n in model_admin.get_fields(request, obj)]
            form_fields = model_admin.get_form(request, obj, change=True).base_fields
            return {"status": 200, "data": {"pk": _api_jsonable(obj.pk), "str": str(obj),
                                            "fields": {n: _admin_value(n, obj, model_admin, form_fields) for n in names}}}
        if verb in ("add", "change"):
            allowed = model_admin.has_add_permission(request) if verb == "add" else model_admin.has_change_permission(request, obj)
            if not allowed:
                return _denied("%s lacks the permission to %s %s." % (_who(user), verb, model._meta.label))
            form_class = model_admin.get_form(request, obj, change=obj is not None)
            data = _form_data(form_class, obj, body)
            form = form_class(data=data, instance=obj)
            if not form.is_valid():
                return {"status": 400, "data": {k: [str(m) for m in v] for k, v in form.errors.items()}}
            saved = model_admin.save_form(request, form, change=obj is not None)
            model_admin.save_model(request, saved, form, change=obj is not None)
            model_admin.save_related(request, form, [], change=obj is not None)
            message = model_admin.construct_change_message(request, form, [], add=obj is None)
            (model_admin.log_change if obj is not None else model_admin.log_addition)(request, saved, message)
            return {"status": 200 if obj is not None else 201, "data": {"pk": _api_jsonable(saved.pk), "str": str(saved)}}
        if verb == "delete":
            if not model_admin.has_delete_permission(request, obj):
                return _denied("%s lacks the permission to delete this %s." % (_who(user), model._meta.label))
            text, pk = str(obj), obj.pk
            model_admin.log_deletion(request, obj, text)
            model_admin.delete_model(request, obj)
            return {"status": 200, "data": {"deleted": _api_jsonable(pk), "str": text}}
        return self._admin_action(model_admin, request, verb[len("action_"):], body, user)

    @staticmethod
    def _admin_list(model_admin, request, get):
        """A page of the change list; a page past the last is an error, as the admin's redirect
        with ?e=1 makes it (and as a one-page list, which ignores `p`, does not)."""
        from django.contrib.admin.options import IncorrectLookupParameters

        page = int(get.get("p", 1))
        try:
            changelist = model_admin.get_changelist_instance(request)
        except IncorrectLookupParameters as exc:
            refused = {"status": 400, "data": {"filters": ["The admin does not accept these filters: %s" % (exc or get)]}}
            if "p" not in get:
                return refused
            # A page past the last of a longer list; the same list without it counts the pages.
            request.GET = request.GET.copy()
            del request.GET["p"]
            try:
                changelist = model_admin.get_changelist_instance(request)
            except IncorrectLookupParameters:
                return refused
        pages = changelist.paginator.num_pages
        if page > pages:
            return {"status": 400, "data": {"page": ["Page %d is out of range: the list has %d page%s (%d objects, %d per page)." % (
                page, pages, "" if pages == 1 else "s", changelist.result_count, model_admin.list_per_page)]}}
        columns = [str(c) for c in changelist.list_display if c != "action_checkbox"]
        try:
            form_fields = model_admin.get_form(request, model_admin.model(), change=True).base_fields
        except Exception:  # its read-only widgets unknown, a password hash is still masked by its look
            form_fields = {}
        return {"status": 200, "data": {
            "count": changelist.result_count,
            "page": changelist.page_num,
            "pages": pages,
            "columns": columns,
            "results": [{"pk": _api_jsonable(o.pk), "columns": {c: _admin_value(c, o, model_admin, form_fields) for c in columns}}
                        for o in changelist.result_list],
        }}

    @staticmethod
    def _admin_action(model_admin, request, name, body, user):
        actions = model_admin.get_actions(request) or {}
        if name not in actions:
            return _denied("%s may not run the admin action '%s' (its allowed_permissions)." % (_who(user), name))
        pks = [str(pk) for pk in body.get("pks") or []]
        queryset = model_admin.get_queryset(request).filter(pk__in=pks)
        found = {str(pk) for pk in queryset.values_list("pk", flat=True)}
        missing = [pk for pk in pks if pk not in found]
        if missing:
            return {"status": 404, "data": {"detail": "No %s with primary key %s." % (model_admin.model._meta.verbose_name, ", ".join(missing))}}
        request.POST = request.POST.copy()
        request.POST.setlist("_selected_action", pks)
        request.POST["action"], request.POST["post"] = name, "yes"  # the confirmation page's answer
        response = actions[name][0](model_admin, request, queryset)
        data = {"action": name, "objects": len(found), "messages": list(request._messages)}
        if response is not None:
            data["response_status"] = response.status_code
        return {"status": 200, "data": data}


def _openapi_schema(schema):
    """An OpenAPI 3.0 schema, as DRF's schema hooks return it, as JSON Schema: `nullable` becomes
    a null type, examples go."""
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key in ("nullable", "example"):
            continue
        if key == "properties":
            value = {name: _openapi_schema(member) for name, member in value.items()}
        elif key in ("items", "additionalProperties"):
            value = _openapi_schema(value)
        out[key] = value
    return _with_null(out) if schema.get("nullable") else out


def _query_text(value):
    """A query-string value as a browser or a script sends it: true/false for booleans."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _simple_list_filter_schema(filter_class, request, model_admin):
    """A SimpleListFilter's parameter: an enum of what its lookups() offers the bridge's admin
    request (labels in the description), or a free string when lookups() raises or offers none."""
    title = str(filter_class.title)
    try:
        choices = filter_class(request, {}, model_admin.model, model_admin).lookup_choices
    except Exception as exc:
        return {"type": "string", "description": "%s (its lookups() cannot run for djust-mcp's discovery: %s: %s)" % (title, type(exc).__name__, exc)}
    if not choices:
        return {"type": "string", "description": title}
    return {"type": "string", "enum": [str(value) for value, _ in choices],
            "description": "%s: %s" % (title, ", ".join("%s = %s" % (value, label) for value, label in choices))}


def _admin_sortable_columns(model_admin, request):
    """The list_display columns the admin's change list can sort by, by its own rule."""
    from types import SimpleNamespace

    changelist = model_admin.get_changelist(request)
    sortable_by = model_admin.get_sortable_by(request)
    stand_in = SimpleNamespace(lookup_opts=model_admin.model._meta, model=model_admin.model, model_admin=model_admin)
    columns = []
    for column in model_admin.get_list_display(request):
        if isinstance(column, str) and (sortable_by is None or column in sortable_by):
            try:
                if changelist.get_ordering_field(stand_in, column):
                    columns.append(column)
            except AttributeError:
                continue
    return columns


def _admin_order_param(model_admin, request, ordering):
    """The change list's `o` parameter for "-price": the column's number, counted as the change
    list counts them (after the action checkbox, which only users with actions have)."""
    list_display = list(model_admin.get_list_display(request))
    if model_admin.get_actions(request):
        list_display.insert(0, "action_checkbox")
    column = ordering.lstrip("-")
    if column not in list_display:
        raise RequestError("`ordering` %r is not a column of the admin's list (%s)." % (ordering, ", ".join(map(str, list_display))))
    return ("-" if ordering.startswith("-") else "") + str(list_display.index(column))


def _superuser():
    """Stands in for a user who may see everything, to read what the admin offers."""
    from django.contrib.auth import get_user_model

    user = get_user_model()(is_active=True, is_staff=True, is_superuser=True)
    return user


def _admin_request(method, path, user, data):
    from django.test import RequestFactory

    request = getattr(RequestFactory(HTTP_HOST=_request_host()), method)(path, data)
    request.user = user
    request._messages = _CollectedMessages()
    request.session = {}
    return request


def _request_host():
    """The host a call's request is addressed to, so that the URLs a response holds (paging links,
    hyperlinked fields) name the project's own site: the first host of ALLOWED_HOSTS that names one
    ("shop.example.com"; ".example.com" as "example.com"), else "localhost", which Django allows in
    DEBUG with no ALLOWED_HOSTS and "*" allows always. Never a host the project would refuse
    (DisallowedHost) when it names one."""
    from django.conf import settings

    for host in settings.ALLOWED_HOSTS:
        host = host.lstrip(".")
        if host and "*" not in host:
            return host
    return "localhost"


def _who(user):
    return "the anonymous user" if not user.is_authenticated else "user '%s'" % user.get_username()


def _denied(detail):
    return {"status": 403, "data": {"detail": detail}}


def _admin_value(name, obj, model_admin, form_fields):
    """One field or column of `obj` as the admin shows it: what a read-only widget of the admin's
    form renders (the password's summary, never its hash), a Decimal as text as DRF gives it."""
    from django.contrib.admin.utils import lookup_field
    from django.db import models

    try:
        field = obj._meta.get_field(name)
    except Exception:
        field = None
    if field is not None and field.many_to_many:
        return [_api_jsonable(o.pk) for o in getattr(obj, name).all()]
    if field is not None and field.concrete:
        value = field.value_from_object(obj)
        if getattr(getattr(form_fields.get(name), "widget", None), "read_only", False):
            return _read_only_widget_text(form_fields[name], name, value)
        return _admin_jsonable(value.pk if isinstance(value, models.Model) else value)
    try:
        _, _, value = lookup_field(name, obj, model_admin)
    except Exception as exc:
        return "<%s>" % _error_text(exc)
    return _admin_jsonable(value) if isinstance(value, (str, int, float, bool, type(None), Decimal)) else str(value)


def _admin_jsonable(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str) and _is_password_hash(value):
        return _masked_password(value)
    return _api_jsonable(value)


def _read_only_widget_text(form_field, name, value):
    """The text a read-only widget (ReadOnlyPasswordHashWidget) shows for `value`: its summary
    items, else its rendering without the markup."""
    from django.utils.html import strip_tags

    widget = form_field.widget
    try:
        summary = widget.get_context(name, form_field.prepare_value(value), {}).get("summary")
        if summary is not None:
            return "; ".join("%s: %s" % (i["label"], i["value"]) if "value" in i else str(i["label"]) for i in summary)
        return " ".join(strip_tags(widget.render(name, form_field.prepare_value(value))).split())
    except Exception as exc:
        return "<shown by %s, which fails here: %s>" % (type(widget).__name__, _error_text(exc))


def _admin_form_inputs(form_class):
    """The JSON Schemas of an admin form's fields that take input: a disabled field (the password
    hash of UserAdmin's change form) ignores what is posted."""
    return {name: _form_field_schema(field) for name, field in form_class.base_fields.items() if not field.disabled}


def _form_data(form_class, obj, given):
    """The data an admin form is posted with: the object's current values, then what was given."""
    from django.forms import MultiWidget

    data = {}
    form = form_class(instance=obj)
    for name, bound in ((n, form[n]) for n in form.fields):
        value = given[name] if name in given else bound.value()
        if value is None:
            value = ""
        if isinstance(value, (list, tuple)):
            value = [getattr(v, "pk", v) for v in value]
        widget = form.fields[name].widget
        if isinstance(widget, MultiWidget):
            parts = widget.decompress(form.fields[name].to_python(value) if isinstance(value, str) else value)
            for i, part in enumerate(parts):
                data["%s_%d" % (name, i)] = part if part is not None else ""
        else:
            data[name] = value
    return data


def _sql_param(value):
    """A dry run's SQL parameter as JSON: null, numbers and booleans as themselves, the rest as
    text; a password hash as the admin shows it, never the hash itself."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    text = str(value)
    return _masked_password(text) if _is_password_hash(text) else text


def _is_password_hash(text):
    from django.contrib.auth.hashers import identify_hasher

    if "$" not in text:  # identify_hasher also takes any 32 characters for an unsalted MD5
        return False
    try:
        identify_hasher(text)
    except ValueError:
        return False
    return True


def _masked_password(encoded):
    """What Django's ReadOnlyPasswordHashWidget shows of a stored password: the hasher's
    safe_summary (algorithm, iterations, masked salt and hash)."""
    from django.contrib.auth.forms import ReadOnlyPasswordHashField

    return _read_only_widget_text(ReadOnlyPasswordHashField(), "password", encoded)


class _RecordedWrites:
    """Runs a call in a transaction per database, kept or rolled back, and records the statements
    that write when it is a dry run: the result shows what would have been written."""

    def __init__(self, dry_run):
        self.dry_run = dry_run
        self.writes = []
        self._stack = None

    def _record(self, execute, sql, params, many, context):
        verb = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
        if verb in ("INSERT", "UPDATE", "DELETE", "REPLACE") and len(self.writes) < API_MAX_RECORDED_WRITES:
            self.writes.append({"sql": sql, "params": [_sql_param(p) for p in (params or ())] if not many else []})
        return execute(sql, params, many, context)

    def __enter__(self):
        import contextlib

        from django.db import connections, transaction

        self._stack = contextlib.ExitStack()
        for alias in connections:
            self._stack.enter_context(transaction.atomic(using=alias))
            if self.dry_run:
                self._stack.enter_context(connections[alias].execute_wrapper(self._record))
        return self

    def __exit__(self, *exc):
        from django.db import connections, transaction

        if self.dry_run:
            for alias in connections:
                transaction.set_rollback(True, using=alias)
        return self._stack.__exit__(*exc)


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
    # The project's own API
    "api_operations": Project.api_operations,
    "api_call": Project.api_call,
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
                if isinstance(exc, InterpreterError):
                    reply["about_interpreter"] = True
            except (Exception, SystemExit) as exc:
                reply = {"id": request_id, "ok": False, "error": "The project raised " + _error_text(exc)}
            _send(replies, reply)
    except BrokenPipeError:
        pass  # djust-mcp went away
