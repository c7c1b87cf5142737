// Shell completions: the committed scripts are exactly what `djust-mcp completions SHELL` prints
// (so they never drift from the CLI and the tools), and each shell completes with them: tool
// names after `call`, then the chosen tool's KEY= parameters and their values.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { BIN, tempDir } from "./helpers.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SCRIPTS = {
  bash: path.join(ROOT, "completions", "djust-mcp.bash"),
  zsh: path.join(ROOT, "completions", "_djust-mcp"),
  fish: path.join(ROOT, "completions", "djust-mcp.fish"),
};
const REGENERATE = "regenerate with: cmake --build build --target update-generated-files";

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    encoding: "utf8",
    timeout: 60000,
    env: { PATH: `${path.dirname(BIN)}:${process.env.PATH ?? "/usr/bin:/bin"}`, HOME: os.tmpdir(), TERM: "dumb" },
    ...options,
  });
  return result;
}

function have(shell) {
  return !run(shell, ["--version"]).error;
}

const toolNames = JSON.parse(run(BIN, ["tools", "--json"]).stdout).map((tool) => tool.name);

for (const [shell, file] of Object.entries(SCRIPTS)) {
  test(`${path.relative(ROOT, file)} is what \`djust-mcp completions ${shell}\` prints`, () => {
    const generated = run(BIN, ["completions", shell]);
    assert.equal(generated.status, 0, generated.stderr);
    assert.ok(generated.stdout === fs.readFileSync(file, "utf8"), `${file} is stale: ${REGENERATE}`);
  });
}

test("completions: an unknown shell is a usage error", () => {
  const result = run(BIN, ["completions", "tcsh"]);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /tcsh/);
});

/** COMPREPLY for `words` (the last one being completed), as bash computes it from the script. */
function bashComplete(words) {
  const script = `source ${JSON.stringify(SCRIPTS.bash)}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}
_djust_mcp
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = run("bash", ["--norc", "--noprofile", "-c", script]);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.split("\n").filter(Boolean);
}

test("bash: the script registers itself and completes subcommands, tools, parameters and values", () => {
  const load = `source ${JSON.stringify(SCRIPTS.bash)}; complete -p djust-mcp`;
  const registered = run("bash", ["--norc", "--noprofile", "-c", load]);
  assert.equal(registered.stdout, "complete -F _djust_mcp djust-mcp\n", registered.stderr);

  assert.ok(bashComplete(["djust-mcp", ""]).includes("repl"));
  assert.deepEqual(bashComplete(["djust-mcp", "call", ""]), toolNames);
  assert.deepEqual(bashComplete(["djust-mcp", "--project", "/tmp", "call", "get_t"]), ["get_template_directives"]);
  assert.deepEqual(bashComplete(["djust-mcp", "call", "get_template_directives", "cat"]), ["category="]);
  // bash splits KEY=VALUE at '=' (COMP_WORDBREAKS): the value is a word of its own.
  assert.deepEqual(bashComplete(["djust-mcp", "call", "get_template_directives", "category", "=", "bi"]), ["binding"]);
  assert.deepEqual(bashComplete(["djust-mcp", "call", "get_template_directives", "category=bi"]), ["category=binding"]);
  assert.deepEqual(bashComplete(["djust-mcp", "validate", "--format", "s"]), ["sarif"]);
  assert.deepEqual(bashComplete(["djust-mcp", "install", "--client", ""]), ["claude", "cursor", "vscode", "all"]);
  assert.deepEqual(bashComplete(["djust-mcp", "--log-level", "=", "deb"]), ["debug"]);
  assert.deepEqual(bashComplete(["djust-mcp", "completions", ""]), ["bash", "zsh", "fish"]);
  assert.ok(bashComplete(["djust-mcp", "install", "--"]).includes("--scope"));
  assert.ok(bashComplete(["djust-mcp", "install", "--"]).includes("--project"), "global options follow commands");
});

test("zsh: the completion system loads the script and completes as one types", async (t) => {
  if (!have("zsh")) return t.skip("zsh is not installed");
  const dir = tempDir("djust-zsh-");
  // zpty gives an interactive zsh a terminal; TAB in it runs the real completion system.
  const driver = path.join(dir, "drive.zsh");
  fs.writeFileSync(
    driver,
    `zmodload zsh/zpty
zpty shell 'zsh -f -i'
out=''
expect() {
  local deadline=$(( SECONDS + 20 )) chunk
  while (( SECONDS < deadline )); do
    while zpty -r -t shell chunk; do out+=$chunk; done
    [[ $out == *"$1"* ]] && { out=\${out#*"$1"}; return 0 }
    sleep 0.1
  done
  print -r -- "timed out waiting for $1; saw: \${(q+)out}"
  exit 1
}
zpty -w shell 'PS1="ready> "; fpath=(${path.dirname(SCRIPTS.zsh)} $fpath); autoload -U compinit; compinit -u -D'
expect 'ready> '
zpty -w -n shell $'djust-mcp call get_templ\\t'
expect 'get_template_directives'
zpty -w -n shell $'cat\\t'
expect 'category='
zpty -w -n shell $'bi\\t'
expect 'binding'
print OK
`,
  );
  const result = run("zsh", ["-f", driver], { cwd: dir });
  assert.equal(result.stdout.trim().split("\n").pop(), "OK", result.stdout + result.stderr);
});

test("fish: the script completes tools, parameters and values", (t) => {
  if (!have("fish")) return t.skip("fish is not installed");
  const complete = (line) => {
    const script = `source ${JSON.stringify(SCRIPTS.fish)}; complete -C${JSON.stringify(line)}`;
    const result = run("fish", ["--no-config", "-c", script]);
    assert.equal(result.status, 0, result.stderr);
    return result.stdout.split("\n").filter(Boolean).map((entry) => entry.split("\t")[0]);
  };
  assert.deepEqual(complete("djust-mcp call "), [...toolNames].sort()); // fish sorts them
  assert.deepEqual(complete("djust-mcp call get_t"), ["get_template_directives"]);
  assert.deepEqual(complete("djust-mcp call get_template_directives cat"), ["category="]);
  assert.deepEqual(complete("djust-mcp call get_template_directives category=bi"), ["category=binding"]);
  assert.deepEqual(complete("djust-mcp validate --format s"), ["sarif"]);
  assert.ok(complete("djust-mcp ").includes("install"));
});
