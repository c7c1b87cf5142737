#!/usr/bin/env python3
"""Checks facts of data/ against a djust source tree by reading it (nothing is imported or run).

usage: check_facts.py DJUST_TREE [DATA_DIR] [--sample N --seed S]

Every entry's `source` must name a line holding the name (or, for a directive read through a
prefix, the prefix); every mixin and decorator import line must name a module that defines or
re-exports the name; every mixin's `event_handlers` must be methods decorated with
@event_handler (or @action) in that class or its djust bases. With --sample, also prints a seeded
random sample of prose facts (descriptions of the entries) to check by reading, one per line.
"""
import ast
import json
import pathlib
import random
import re
import sys


def main():
    args = [a for a in sys.argv[1:]]
    sample, seed = 0, 17
    if "--sample" in args:
        i = args.index("--sample"); sample = int(args[i + 1]); del args[i:i + 2]
    if "--seed" in args:
        i = args.index("--seed"); seed = int(args[i + 1]); del args[i:i + 2]
    tree = pathlib.Path(args[0])
    data = pathlib.Path(args[1] if len(args) > 1 else pathlib.Path(__file__).resolve().parents[2] / "data")
    schema = lambda name: json.loads((data / "schema" / f"{name}.json").read_text())
    checked, failed = 0, []

    def check(ok, what):
        nonlocal checked
        checked += 1
        if not ok:
            failed.append(what)

    def line_of(source):
        path, _, rest = source.partition(":")
        number = int(re.match(r"\d+", rest).group())
        lines = (tree / path).read_text(encoding="utf-8").splitlines()
        return lines[number - 1] if 0 < number <= len(lines) else ""

    directives = schema("directives")
    for d in directives["directives"]:
        key = d["name"].rstrip("*")
        text = line_of(d["source"])
        base = key.split(".")[0]
        suffix = key.split(".")[1] if "." in key else None
        check(key in text or (suffix and f"'{suffix}'" in text) or
              ("stream_to" in d["source"] or "[dj-stream=" in text) or d.get("inert") is not None,
              f"source of {d['name']}: {d['source']}: {text.strip()}")
        for o in d.get("options", []):
            check(o["name"] in line_of(o["source"]), f"source of {o['name']}: {o['source']}")
    for a in directives.get("optional_script_attributes", []):
        check(a["name"] in line_of(a["source"]), f"source of {a['name']}")

    for d in schema("decorators")["decorators"]:
        check(re.search(rf"def {d['name']}\b", line_of(d["source"])) is not None, f"source of @{d['name']}")
    package = tree / "python"

    def defines_or_exports(module, name):
        base = package / module.replace(".", "/")
        for f in (base.with_suffix(".py"), base / "__init__.py"):
            if f.exists():
                text = f.read_text(encoding="utf-8")
                if re.search(rf"\b(class|def) {name}\b|\bimport\b[^\n]*\b{name}\b|^\s+{name},?$", text, re.M):
                    return True
        return False

    for m in schema("mixins")["mixins"]:
        check(re.search(rf"class {m['name']}\b", line_of(m["source"])) is not None, f"source of {m['name']}")
        module = m["import"].split()[1]
        check(defines_or_exports(module, m["name"]), f"import of {m['name']}: {m['import']}")
        handlers = set()
        path = tree / m["source"].split(":")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                for item in ast.walk(node):  # methods under an `if` in the class body too
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                        "event_handler" in ast.unparse(dec) or ast.unparse(dec) == "action" for dec in item.decorator_list
                    ):
                        handlers.add(item.name)
        for h in m["event_handlers"]:
            check(h in handlers, f"{m['name']}.{h} is an @event_handler")
    for d in schema("decorators")["decorators"]:
        module = d["import"].split()[1]
        check(defines_or_exports(module, d["name"]), f"import of @{d['name']}: {d['import']}")

    print(f"{checked - len(failed)} of {checked} mechanical facts hold")
    for f in failed:
        print("  FAILS:", f)
    if sample:
        facts = []
        for d in directives["directives"]:
            facts += [(d["name"], s) for s in re.split(r"(?<=\.) ", d["description"])]
            facts += [(o["name"], o["description"]) for o in d.get("options", [])]
        for d in schema("decorators")["decorators"]:
            facts += [("@" + d["name"], s) for s in re.split(r"(?<=\.) ", d["description"])]
        for m in schema("mixins")["mixins"]:
            facts += [(m["name"], s) for s in re.split(r"(?<=\.) ", m["description"])]
        for name, fact in random.Random(seed).sample(facts, sample):
            print(f"SAMPLE {name}: {fact}")
    return 1 if failed else 0


sys.exit(main())
