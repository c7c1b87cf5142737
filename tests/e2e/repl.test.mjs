// `djust-mcp repl`: on a terminal (prompt, TAB completion, history across sessions, colour and
// NO_COLOR), and with piped input (results only, errors on stderr, the run goes on).

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { BIN, tempDir } from "./helpers.mjs";
import { TerminalSession, haveScript } from "./terminal.mjs";

const UP = "\x1b[A";
const CTRL_D = "\x04";
const ANSI = /\x1b\[[0-9;]*m/;

function pipedRepl(input, env = {}) {
  const result = spawnSync(BIN, ["repl"], {
    input,
    encoding: "utf8",
    timeout: 30000,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tempDir(), ...env },
  });
  assert.equal(result.error, undefined, `could not run djust-mcp repl: ${result.error}`);
  return result;
}

test("piped input: no prompt or banner, only results; a failed call is reported and the run goes on", () => {
  const result = pipedRepl(
    "tools\n# a comment\ncall get_decorators name=no_such_decorator\ncall get_decorators name=debounce\n" +
      "describe get_template_directives\n",
  );
  assert.equal(result.status, 1, "a command failed, so the exit status says so");
  assert.doesNotMatch(result.stdout, /djust>|TAB completes|help lists/);
  assert.doesNotMatch(result.stdout, ANSI, "no colour when stdout is not a terminal");
  assert.match(result.stdout, /^get_framework_schema {2,}djust framework schema\n/);
  assert.match(result.stdout, /"name": "debounce"/, "the call after the failed one ran");
  assert.match(result.stdout, /parameter +type +required +default +allowed values/);
  assert.match(result.stdout, /category +string +no +- +event, loading,/);
  assert.match(result.stderr, /no_such_decorator/);
});

test("piped input: quit stops, and a clean run exits 0", () => {
  const result = pipedRepl("call get_decorators name=debounce\nquit\ncall get_decorators name=throttle\n");
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /"name": "debounce"/);
  assert.doesNotMatch(result.stdout, /"name": "throttle"/, "nothing after quit runs");
  const parsed = JSON.parse(result.stdout);
  assert.equal(parsed.decorators[0].name, "debounce");
});

test("on a terminal: prompt, TAB completion of tools, parameters and values, history across sessions", async (t) => {
  if (!haveScript()) return t.skip("`script` (util-linux) is not installed");
  const state = tempDir();
  const env = { HOME: tempDir(), XDG_STATE_HOME: state, NO_COLOR: "1" };

  const first = new TerminalSession([BIN, "repl"], { env });
  await first.waitFor("TAB completes");
  await first.waitFor("djust> ");
  first.type("call get_template_d\t");
  await first.waitFor("irectives "); // the rest of the only tool that matches, then a blank
  first.type("cat\t");
  await first.waitFor("egory="); // a parameter name waits for its value: no blank
  first.type("bi\t");
  await first.waitFor("nding ");
  first.type("\r");
  const result = await first.waitFor("djust> ");
  assert.match(result, /"name": "dj-model"/);
  assert.doesNotMatch(result, ANSI, "NO_COLOR is honoured");
  first.type("\t\t"); // nothing typed: both TABs list the commands
  await first.waitFor(/tools +describe +call +help +quit +exit/);
  first.type(CTRL_D);
  assert.deepEqual(await first.finish(), { code: 0, signal: null });

  const history = fs.readFileSync(path.join(state, "djust-mcp", "history"), "utf8");
  assert.match(history, /get_template_directives/);
  assert.match(history, /category=binding/);
  // It holds tool arguments: private, and no temporary file left beside it.
  assert.equal(fs.statSync(path.join(state, "djust-mcp", "history")).mode & 0o777, 0o600);
  assert.deepEqual(fs.readdirSync(path.join(state, "djust-mcp")), ["history"]);

  const second = new TerminalSession([BIN, "repl"], { env });
  await second.waitFor("djust> ");
  second.type(UP); // the previous session's line comes back
  await second.waitFor("category=binding");
  second.type("\r");
  assert.match(await second.waitFor("djust> "), /"name": "dj-model"/);
  second.type("quit\r");
  assert.deepEqual(await second.finish(), { code: 0, signal: null });
});

test("on a terminal: JSON is coloured unless NO_COLOR is set", async (t) => {
  if (!haveScript()) return t.skip("`script` (util-linux) is not installed");
  const session = new TerminalSession([BIN, "repl"], { env: { HOME: tempDir(), XDG_STATE_HOME: tempDir() } });
  await session.waitFor("djust> ");
  session.type("call get_decorators name=debounce\r");
  const output = await session.waitFor("djust> ");
  assert.match(output, /\x1b\[34;1m"name"\x1b\[0m: \x1b\[32m"debounce"\x1b\[0m/);
  session.type("exit\r");
  assert.equal((await session.finish()).code, 0);
});

test("on a terminal: a history that cannot be saved is no error", async (t) => {
  if (!haveScript()) return t.skip("`script` (util-linux) is not installed");
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, "a-file"), "");
  // The history folder would have to be made inside a regular file.
  const session = new TerminalSession([BIN, "repl"], {
    env: { HOME: dir, XDG_STATE_HOME: path.join(dir, "a-file", "state"), NO_COLOR: "1" },
  });
  await session.waitFor("djust> ");
  session.type("call get_decorators name=debounce\r");
  const output = await session.waitFor("djust> ");
  assert.match(output, /"name": "debounce"/);
  assert.doesNotMatch(output, /djust-mcp:/, "no complaint about the history");
  session.type("call get_decorators name=nope\r");
  assert.match(await session.waitFor("djust> "), /nope/, "a tool error is shown and the REPL goes on");
  session.type("quit\r");
  assert.equal((await session.finish()).code, 0);
});
