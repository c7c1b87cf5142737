// What people read: the man page (generated, committed, rendered by man without warnings), --help
// with examples on every command, --version, and the README's tool table and rule list, each
// checked against the binary so that none of them drifts from it.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { BIN, binaryVersion } from "./helpers.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const MAN_PAGE = path.join(ROOT, "man", "djust-mcp.1");

function run(command, args, env = {}) {
  const result = spawnSync(command, args, {
    encoding: "utf8",
    timeout: 60000,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: "/nonexistent", ...env },
  });
  return result;
}

function djust(args) {
  const result = run(BIN, args);
  assert.equal(result.error, undefined, String(result.error));
  return result;
}

/** The subcommands `djust-mcp --help` lists. */
function subcommands() {
  const help = djust(["--help"]).stdout;
  const section = help.slice(help.indexOf("Subcommands:"));
  return [...section.matchAll(/^ {2}([a-z][a-z-]*) {2,}/gm)].map((m) => m[1]);
}

/** The options a --help text lists (long and short names). */
function optionsIn(help) {
  return [...help.matchAll(/^ {2}(-\w)?,?(--[\w-]+)?/gm)].flatMap((m) => [m[1], m[2]]).filter(Boolean);
}

const tools = JSON.parse(djust(["tools", "--json"]).stdout).map((tool) => tool.name);

test("--version names the program and its version", () => {
  assert.match(binaryVersion(), /^\d+\.\d+\.\d+/);
});

test("every command's --help shows examples", () => {
  const commands = subcommands();
  assert.ok(commands.length >= 10, `found ${commands}`);
  for (const command of ["", ...commands]) {
    const result = djust(command ? [command, "--help"] : ["--help"]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /\nExamples?:/, `djust-mcp ${command} --help has no example`);
  }
});

test("man/djust-mcp.1 is what `djust-mcp man` prints", () => {
  const generated = djust(["man"]);
  assert.equal(generated.status, 0, generated.stderr);
  assert.ok(
    generated.stdout === fs.readFileSync(MAN_PAGE, "utf8"),
    `${MAN_PAGE} is stale: regenerate with: cmake --build build --target update-generated-files`,
  );
});

test("man renders the page without warnings, with every command, option and tool", (t) => {
  if (run("man", ["--version"]).error) return t.skip("man (man-db) is not installed");
  const rendered = run("man", ["--warnings", "-l", MAN_PAGE], { MANWIDTH: "100", LC_ALL: "C.UTF-8" });
  assert.equal(rendered.status, 0, rendered.stderr);
  assert.equal(rendered.stderr, "", "groff warnings");
  const text = rendered.stdout;
  const missing = [];
  const expect = (word, what) => {
    if (!new RegExp(`(^|[^\\w-])${word.replace(/[-\\^$*+?.()|[\]{}]/g, "\\$&")}([^\\w-]|$)`, "m").test(text))
      missing.push(`${what} ${word}`);
  };
  for (const command of subcommands()) {
    expect(`djust-mcp ${command}`, "command");
    for (const option of optionsIn(djust([command, "--help"]).stdout)) expect(option, `option of ${command}:`);
  }
  for (const option of optionsIn(djust(["--help"]).stdout)) expect(option, "global option");
  for (const tool of tools) expect(tool, "tool");
  assert.deepEqual(missing, []);
});

test("the README's tool table lists exactly the registry's tools", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Tools"), readme.indexOf("\n## ", readme.indexOf("## Tools") + 1));
  const listed = [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual([...listed].sort(), [...tools].sort(), "update the table under ## Tools in README.md");
});

test("the README's rule list is what `djust-mcp rules` prints", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("<!-- djust-mcp rules -->");
  const end = readme.indexOf("<!-- /djust-mcp rules -->");
  assert.ok(start >= 0 && end > start, "README.md lacks the <!-- djust-mcp rules --> block");
  const block = readme.slice(start, end).replace(/^<!-- djust-mcp rules -->\n```text\n/, "").replace(/```\n$/, "");
  assert.equal(block, djust(["rules"]).stdout, "paste the output of `djust-mcp rules` into README.md");
});

test(".pre-commit-hooks.yaml runs djust-mcp validate on Python files and templates", () => {
  const hooks = fs.readFileSync(path.join(ROOT, ".pre-commit-hooks.yaml"), "utf8");
  assert.match(hooks, /^- id: djust-mcp$/m);
  assert.match(hooks, /^ {2}entry: djust-mcp validate --force-exclude$/m);
  assert.match(hooks, /^ {2}language: system$/m);
  assert.match(hooks, /^ {2}types_or: \[python, html\]$/m);
});
