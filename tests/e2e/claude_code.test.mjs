// Claude Code's own CLI (@anthropic-ai/claude-code, pinned in package.json: 2.1.197, the last that
// runs on Node 20) on what `djust-mcp install` writes: it reads the project's .mcp.json, asks for
// approval, then starts the server and reports it connected; `claude mcp add-json` takes the same
// entry. No API key is needed for `claude mcp`. HOME is a fresh folder, so nothing of the machine's
// own Claude Code setup takes part.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { BIN, tempDir } from "./helpers.mjs";

const T = { timeout: 120000 };
// `npm ci --ignore-scripts` skips the package's postinstall, which copies the native binary (an
// npm optional dependency, nothing downloaded) over bin/claude.exe; its wrapper finds it instead.
const CLAUDE = fileURLToPath(import.meta.resolve("@anthropic-ai/claude-code/cli-wrapper.cjs"));
// `djust-mcp` by name, as the written entries run it.
const PATH = `${path.dirname(BIN)}:${process.env.PATH ?? "/usr/bin:/bin"}`;

function run(command, args, { cwd, home }) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", timeout: 60000, env: { PATH, HOME: home } });
  assert.equal(result.error, undefined, `${command} ${args.join(" ")}: ${result.error}`);
  return result;
}

const claude = (args, where) => run(process.execPath, [CLAUDE, ...args], where);

test("claude mcp get / list / add-json on what djust-mcp install writes", T, () => {
  const home = tempDir("djust-claude-home-");
  const project = tempDir("djust-claude-project-");
  fs.writeFileSync(path.join(project, "manage.py"), "");
  fs.mkdirSync(path.join(project, "shop"));
  const where = { cwd: project, home };

  const installed = run(BIN, ["install"], where);
  assert.equal(installed.status, 0, installed.stderr);
  const entry = JSON.parse(fs.readFileSync(path.join(project, ".mcp.json"), "utf8")).mcpServers.djust;
  assert.deepEqual(entry, { type: "stdio", command: "djust-mcp", args: ["serve"], env: {} });

  const got = claude(["mcp", "get", "djust"], where);
  assert.equal(got.status, 0, got.stdout + got.stderr);
  assert.match(got.stdout, /Scope: Project config \(shared via \.mcp\.json\)/);
  assert.match(got.stdout, /Type: stdio/);
  assert.match(got.stdout, /Command: djust-mcp\n/);
  assert.match(got.stdout, /Args: serve\n/);

  // A project server waits for the user's approval (what `install` tells the user to expect).
  const pending = claude(["mcp", "list"], { cwd: path.join(project, "shop"), home });
  assert.equal(pending.status, 0, pending.stdout + pending.stderr);
  assert.match(pending.stdout, /djust: djust-mcp serve - .*Pending approval/);

  fs.mkdirSync(path.join(home, ".claude"), { recursive: true }); // claude made it already
  fs.writeFileSync(path.join(home, ".claude", "settings.json"), JSON.stringify({ enabledMcpjsonServers: ["djust"] }));
  const approved = claude(["mcp", "list"], { cwd: path.join(project, "shop"), home });
  assert.equal(approved.status, 0, approved.stdout + approved.stderr);
  assert.match(approved.stdout, /djust: djust-mcp serve - ✔ Connected/);

  const added = claude(["mcp", "add-json", "djust-local", JSON.stringify(entry)], where);
  assert.equal(added.status, 0, added.stdout + added.stderr);
  const local = claude(["mcp", "get", "djust-local"], where);
  assert.match(local.stdout, /Scope: Local config/);
  assert.match(local.stdout, /Command: djust-mcp\n/);
  assert.match(claude(["mcp", "list"], where).stdout, /djust-local: djust-mcp serve - ✔ Connected/);
});

test("a user-scope entry pins no project and connects from any folder", T, () => {
  const home = tempDir("djust-claude-home-");
  const project = tempDir("djust-claude-project-");
  fs.writeFileSync(path.join(project, "manage.py"), "");
  const installed = run(BIN, ["install", "--scope", "user"], { cwd: project, home });
  assert.equal(installed.status, 0, installed.stderr);
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(home, ".claude.json"), "utf8")).mcpServers.djust, {
    type: "stdio",
    command: "djust-mcp",
    args: ["serve"],
    env: {},
  });
  const elsewhere = tempDir("djust-claude-cwd-");
  const listed = claude(["mcp", "list"], { cwd: elsewhere, home });
  assert.equal(listed.status, 0, listed.stdout + listed.stderr);
  assert.match(listed.stdout, /djust: djust-mcp serve - ✔ Connected/);
});
