// `djust-mcp validate` as pre-commit and CI run it: exit codes, output formats, noqa, pyproject
// settings, --fix, directory discovery, and bad input that must never stop the other files.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { BIN, tempDir, victimFile } from "./helpers.mjs";

function run(args, { cwd, input, env } = {}) {
  const result = spawnSync(BIN, args, {
    cwd,
    input,
    encoding: "utf8",
    timeout: 30000,
    env: env ?? { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(result.error, undefined, `could not run djust-mcp: ${result.error}`);
  return result;
}

function project(files) {
  const dir = tempDir("djust-validate-");
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}

const CLEAN_VIEW = `from djust import LiveView
from djust.decorators import event_handler


class CounterView(LiveView):
    template_name = "counter.html"

    def mount(self, request, **kwargs):
        self.count = 0

    @event_handler()
    def increment(self, by: int = 1, **kwargs):
        self.count += by
`;

const BAD_VIEW = `from djust import LiveView
from djust.decorators import event_handler


class CounterView(LiveView):
    template_name = "counter.html"

    def mount(self, request, **kwargs):
        self.count = 0

    @event_handler()
    def increment(self, by: int = 1):
        self.count += by

    def delete_all(self, **kwargs):
        self.count = 0
`;

test("exit 0 and a one-line summary for clean code", () => {
  const dir = project({ "views.py": CLEAN_VIEW });
  const r = run(["validate", "views.py"], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "All checks passed (1 file).\n");
});

test("exit 1 with path:line:col: ID message lines, fixable marked", () => {
  const dir = project({ "views.py": BAD_VIEW });
  const r = run(["validate", "views.py"], { cwd: dir });
  assert.equal(r.status, 1);
  assert.equal(
    r.stdout,
    "views.py:12:9: V007 event handler 'increment' does not accept **kwargs, so djust rejects any event that sends a parameter it does not name ('received unexpected parameters') [*]\n" +
      "views.py:15:9: V004 'delete_all' looks like an event handler but has no @event_handler, so the browser cannot call it [*]\n" +
      "Found 2 findings (0 error, 1 warning, 1 info).\n[*] 2 fixable with --fix.\n",
  );
  assert.ok(!r.stdout.includes("\x1b["), "no colour when stdout is not a terminal");
});

test("--show-source prints a code frame with a caret under the finding", () => {
  const dir = project({ "views.py": BAD_VIEW });
  const r = run(["validate", "--show-source", "--select", "V007", "views.py"], { cwd: dir });
  assert.equal(r.status, 1);
  assert.match(r.stdout, /12 \|     def increment\(self, by: int = 1\):\n   \|         \^{9}\n   = help: Add \*\*kwargs/);
});

test("--select, --ignore, --extend-select and unknown selectors", () => {
  const dir = project({ "views.py": BAD_VIEW });
  assert.equal(run(["validate", "--select", "V004", "views.py"], { cwd: dir }).stdout.split("\n")[0].includes("V004"), true);
  assert.equal(run(["validate", "--ignore", "V004,V007", "views.py"], { cwd: dir }).status, 0);
  const extended = run(["validate", "--ignore", "V004,V007", "--extend-select", "V002", "views.py"], { cwd: dir });
  assert.equal(extended.status, 0, "V002 does not apply: the view has a mount()");
  const unknown = run(["validate", "--select", "ZZ9", "views.py"], { cwd: dir });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown rule selector 'ZZ9'/);
});

test("# noqa and # noqa: ID suppress findings on their line only", () => {
  const source = BAD_VIEW.replace("def increment(self, by: int = 1):", "def increment(self, by: int = 1):  # noqa: V007")
    .replace("def delete_all(self, **kwargs):", "def delete_all(self, **kwargs):  # noqa: S001");
  const dir = project({ "views.py": source });
  const r = run(["validate", "views.py"], { cwd: dir });
  assert.equal(r.status, 1);
  assert.ok(!r.stdout.includes("V007"));
  assert.ok(r.stdout.includes("V004"), "a noqa for another rule does not hide V004");
});

test("json, sarif, github and junit formats", () => {
  const dir = project({ "views.py": BAD_VIEW });
  const json = JSON.parse(run(["validate", "--format", "json", "views.py"], { cwd: dir }).stdout);
  assert.equal(json.files, 1);
  assert.deepEqual(
    json.findings.map((f) => [f.path, f.line, f.column, f.id, f.severity, f.fixable]),
    [
      ["views.py", 12, 9, "V007", "warning", true],
      ["views.py", 15, 9, "V004", "info", true],
    ],
  );
  assert.equal(json.findings[0].djust_check, "djust.V007");

  const sarif = JSON.parse(run(["validate", "--format", "sarif", "views.py"], { cwd: dir }).stdout);
  assert.equal(sarif.version, "2.1.0");
  const runOut = sarif.runs[0];
  assert.equal(runOut.tool.driver.name, "djust-mcp");
  assert.deepEqual(runOut.tool.driver.rules.map((r) => r.id).sort(), ["V004", "V007"]);
  assert.equal(runOut.results[0].ruleId, "V007");
  assert.equal(runOut.results[0].locations[0].physicalLocation.region.startLine, 12);
  assert.equal(runOut.results[1].level, "note");

  const github = run(["validate", "--format", "github", "views.py"], { cwd: dir }).stdout;
  assert.equal(
    github.split("\n")[0],
    "::warning file=views.py,line=12,col=9,endLine=12,endColumn=18,title=V007::V007 event handler 'increment' does not accept **kwargs, so djust rejects any event that sends a parameter it does not name ('received unexpected parameters')",
  );

  const junit = run(["validate", "--format", "junit", "views.py"], { cwd: dir }).stdout;
  assert.match(junit, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="djust-mcp" tests="2" failures="2" errors="0">/);
  assert.match(junit, /<failure message="event handler &apos;increment&apos; does not accept \*\*kwargs, so djust rejects any event that sends a parameter it does not name \(&apos;received unexpected parameters&apos;\)" type="V007">/);
});

test("--fix adds **kwargs, @event_handler() and its import, and the result compiles and validates clean", () => {
  const dir = project({
    "views.py": BAD_VIEW.replace("from djust.decorators import event_handler\n", ""),
  });
  const r = run(["validate", "--fix", "views.py"], { cwd: dir });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /views.py: fixed: added \*\*kwargs to increment/);
  assert.match(r.stdout, /views.py: fixed: added @event_handler\(\) to delete_all/);
  const fixed = fs.readFileSync(path.join(dir, "views.py"), "utf8");
  assert.match(fixed, /^from djust import LiveView\nfrom djust.decorators import event_handler\n/);
  assert.match(fixed, /    @event_handler\(\)\n    def delete_all\(self, \*\*kwargs\):/);
  assert.match(fixed, /def increment\(self, by: int = 1, \*\*kwargs\):/);
  const compiled = spawnSync("python3", ["-m", "py_compile", path.join(dir, "views.py")], { encoding: "utf8" });
  assert.equal(compiled.status, 0, compiled.stderr);
  assert.equal(run(["validate", "views.py"], { cwd: dir }).status, 0);
});

test("--fix never writes through a planted link: not at the old temporary name, not at the file", (t) => {
  const victim = victimFile(t);
  const dir = project({ "views.py": BAD_VIEW });
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  // A cloned repository shipping the name the fixer used to write to.
  fs.symlinkSync(victim.file, path.join(dir, "views.py.djust-mcp-tmp"));
  const fixed = run(["validate", "--fix", "views.py"], { cwd: dir });
  assert.equal(fixed.status, 0, fixed.stdout + fixed.stderr);
  assert.match(fs.readFileSync(path.join(dir, "views.py"), "utf8"), /def increment\(self, by: int = 1, \*\*kwargs\):/);
  assert.ok(fs.lstatSync(path.join(dir, "views.py.djust-mcp-tmp")).isSymbolicLink());
  assert.deepEqual(fs.readdirSync(dir).sort(), ["views.py", "views.py.djust-mcp-tmp"]);
  victim.assertUntouched();

  // A source file that is a link to a fixable file outside: reported, never written or replaced.
  const outside = victimFile(t, { name: "views.py", content: BAD_VIEW });
  fs.symlinkSync(outside.file, path.join(dir, "linked.py"));
  for (const args of [["linked.py"], ["."]]) {
    const refused = run(["validate", "--fix", ...args], { cwd: dir });
    assert.equal(refused.status, 2, refused.stdout + refused.stderr);
    assert.match(refused.stdout, /linked\.py: error: --fix changed nothing: \S*linked\.py is a symbolic link; djust-mcp does not write through links\n/);
    assert.doesNotMatch(refused.stdout, /linked\.py: fixed:/);
    assert.match(refused.stdout, /linked\.py:12:9: V007/);
    assert.ok(fs.lstatSync(path.join(dir, "linked.py")).isSymbolicLink());
  }
  outside.assertUntouched();
  victim.assertUntouched();
});

test("stdin with '-' and --stdin-filename; --fix on stdin prints the fixed source", () => {
  const r = run(["validate", "-", "--stdin-filename", "app/views.py"], { input: BAD_VIEW });
  assert.equal(r.status, 1);
  assert.ok(r.stdout.startsWith("app/views.py:12:9: V007"));
  const fixed = run(["validate", "--fix", "-"], { input: BAD_VIEW });
  assert.equal(fixed.status, 0);
  assert.match(fixed.stdout, /def increment\(self, by: int = 1, \*\*kwargs\):/);
});

test("stdin larger than the file limit (10 MiB) is refused with exit 2, unread past the limit", () => {
  const limit = 10 * 1024 * 1024;
  const huge = "#" + "x".repeat(limit - 1) + "\n";
  const r = run(["validate", "-"], { input: huge });
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /^djust-mcp: -: standard input is larger than 10 MiB, the limit for a file; not checked\n$/);
  // At the limit it is checked.
  const fits = run(["validate", "-"], { input: "#" + "x".repeat(limit - 2) + "\n" });
  assert.equal(fits.status, 0, fits.stderr);
});

test("directories: recursive, skipping virtualenvs, node_modules, migrations and .gitignore'd paths", () => {
  const dir = project({
    "app/views.py": BAD_VIEW,
    "app/migrations/0001_initial.py": BAD_VIEW,
    "node_modules/pkg/x.py": BAD_VIEW,
    "myenv/pyvenv.cfg": "home = /usr/bin\n",
    "myenv/lib/bad.py": BAD_VIEW,
    "generated/out.py": BAD_VIEW,
    "app/generated_views.py": BAD_VIEW,
    "app/keep.py": CLEAN_VIEW,
    ".gitignore": "generated/\n*_views.py\n",
  });
  fs.mkdirSync(path.join(dir, ".git"));
  const r = run(["validate", "--format", "json", "."], { cwd: dir });
  const json = JSON.parse(r.stdout);
  assert.equal(json.files, 2, r.stdout);
  assert.deepEqual([...new Set(json.findings.map((f) => f.path))], ["app/views.py"]);
  // An explicitly named file is checked even when ignored.
  assert.equal(run(["validate", "app/generated_views.py"], { cwd: dir }).status, 1);
});

test("pyproject.toml [tool.djust-mcp]: ignore and exclude apply; an unknown key is a usage error", () => {
  const dir = project({
    "app/views.py": BAD_VIEW,
    "legacy/old.py": BAD_VIEW,
    "pyproject.toml": '[project]\nname = "x"\n\n[tool.djust-mcp]\nignore = ["V004"]\nexclude = ["legacy/"]\n',
  });
  const r = run(["validate", "--format", "json", "."], { cwd: dir });
  const json = JSON.parse(r.stdout);
  assert.deepEqual(json.findings.map((f) => `${f.path}:${f.id}`), ["app/views.py:V007"]);
  assert.equal(run(["validate", "--no-config", "--format", "json", "app"], { cwd: dir }).stdout.includes("V004"), true);
  fs.writeFileSync(path.join(dir, "pyproject.toml"), "[tool.djust-mcp]\nselekt = [\"V\"]\n");
  const bad = run(["validate", "."], { cwd: dir });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown key 'selekt' in \[tool.djust-mcp\]/);
});

test("bad input: binary, non-UTF-8, huge and deeply nested files get a per-file error; the rest is still checked", () => {
  const dir = project({
    "ok.py": BAD_VIEW,
    "binary.py": Buffer.from([0x70, 0x00, 0x01, 0x02]),
    "latin1.py": Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xe9, 0x22, 0x0a]),
    "nested.py": "x = " + "(".repeat(100000) + ")".repeat(100000) + "\n",
  });
  fs.truncateSync(path.join(dir, "ok.py"), fs.statSync(path.join(dir, "ok.py")).size); // unchanged
  const huge = path.join(dir, "huge.py");
  fs.writeFileSync(huge, "");
  fs.truncateSync(huge, 50 * 1024 * 1024);
  const r = run(["validate", "--format", "json", "."], { cwd: dir });
  assert.equal(r.status, 2, "an unreadable file makes the run exit 2");
  const json = JSON.parse(r.stdout);
  const errors = Object.fromEntries(json.errors.map((e) => [e.path, e.message]));
  assert.match(errors["binary.py"], /binary file/);
  assert.match(errors["latin1.py"], /not valid UTF-8/);
  assert.match(errors["huge.py"], /larger than 10 MiB \(50 MiB\)/);
  assert.match(errors["nested.py"], /nested more than 1000 levels deep/);
  assert.deepEqual([...new Set(json.findings.map((f) => f.path))], ["ok.py"]);
  const missing = run(["validate", "nope.py"], { cwd: dir });
  assert.equal(missing.status, 2, "a missing path is an input error");
  assert.equal(missing.stdout, "nope.py: error: no such file or directory\n", "no 'All checks passed'");
  const mixed = run(["validate", "--format", "json", "nope.py", "ok.py"], { cwd: dir });
  assert.equal(mixed.status, 2, "a missing path beside an existing one is still an input error");
  const mixedJson = JSON.parse(mixed.stdout);
  assert.deepEqual(mixedJson.errors, [{ path: "nope.py", message: "no such file or directory" }]);
  assert.deepEqual([...new Set(mixedJson.findings.map((f) => f.path))], ["ok.py"], "the existing file is checked");
});

test("many files are checked in parallel with the same results as one by one", () => {
  const files = {};
  for (let i = 0; i < 60; i++) files[`app/v${String(i).padStart(2, "0")}.py`] = i % 2 ? BAD_VIEW : CLEAN_VIEW;
  const dir = project(files);
  const all = JSON.parse(run(["validate", "--format", "json", "app"], { cwd: dir }).stdout);
  assert.equal(all.files, 60);
  assert.equal(all.findings.length, 60);
  const one = JSON.parse(run(["validate", "--format", "json", "app/v01.py"], { cwd: dir }).stdout);
  assert.deepEqual(
    all.findings.filter((f) => f.path === "app/v01.py").map((f) => f.id),
    one.findings.map((f) => f.id),
  );
});

test("the project cache: same output warm, edits seen, git-ignored, --no-cache, an unwritable cache only warns", () => {
  const dir = project({
    "manage.py": "",
    "shop/views.py": CLEAN_VIEW.replace('"counter.html"', '"shop/counter.html"'),
    "shop/templates/shop/counter.html": '<div dj-root><button dj-click="increment">+</button></div>\n',
  });
  const cold = run(["validate", "--format", "json", "."], { cwd: dir });
  assert.equal(cold.status, 0, cold.stderr);
  const cacheDir = path.join(dir, ".djust-mcp-cache");
  assert.equal(fs.readFileSync(path.join(cacheDir, ".gitignore"), "utf8").endsWith("\n*\n"), true);
  const warm = run(["validate", "--format", "json", "."], { cwd: dir });
  assert.deepEqual([warm.status, warm.stdout, warm.stderr], [cold.status, cold.stdout, cold.stderr]);

  // The template now calls a handler the view lacks: the warm run sees it in the other file too.
  fs.writeFileSync(path.join(dir, "shop/templates/shop/counter.html"), '<div dj-root><button dj-click="decrement">-</button></div>\n');
  const edited = run(["validate", "shop/views.py", "shop/templates/shop/counter.html"], { cwd: dir });
  const uncached = run(["validate", "--no-cache", "shop/views.py", "shop/templates/shop/counter.html"], { cwd: dir });
  assert.equal(edited.status, 1);
  assert.match(edited.stdout, /^shop\/templates\/shop\/counter\.html:1:32: DJ105 no event handler 'decrement' on CounterView; did you mean 'increment'\?\n/);
  assert.deepEqual([edited.stdout, edited.stderr], [uncached.stdout, uncached.stderr]);

  // --no-cache neither reads nor writes it; a file where the folder should be costs a warning only.
  fs.rmSync(cacheDir, { recursive: true });
  run(["validate", "--no-cache", "."], { cwd: dir });
  assert.equal(fs.existsSync(cacheDir), false);
  fs.writeFileSync(cacheDir, "not a folder");
  const blocked = run(["validate", "shop/views.py", "shop/templates/shop/counter.html"], { cwd: dir });
  assert.equal(blocked.stdout, uncached.stdout);
  assert.equal(blocked.status, 1);
  assert.match(blocked.stderr, /^djust-mcp: warning: cannot write the lint cache in .*\.djust-mcp-cache: .*--no-cache skips the cache\)\n$/);
});

test("--statistics counts per rule", () => {
  const dir = project({ "a.py": BAD_VIEW, "b.py": BAD_VIEW });
  const r = run(["validate", "--statistics", "."], { cwd: dir });
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^    2  V004  missing-event-handler  \[\*\]\n    2  V007  handler-missing-kwargs  \[\*\]\n/);
});

test("rules lists every rule; rule ID explains one; an unknown id is a usage error", () => {
  const rules = run(["rules", "--json"]);
  assert.equal(rules.status, 0);
  const list = JSON.parse(rules.stdout);
  assert.ok(list.length >= 20);
  assert.ok(list.some((r) => r.id === "V004" && r.fixable && r.default));
  const rule = run(["rule", "v004"]);
  assert.equal(rule.status, 0);
  assert.match(rule.stdout, /^V004 \(missing-event-handler\): /);
  assert.match(rule.stdout, /djust\.V004/);
  assert.equal(run(["rule", "X999"]).status, 2);
});
