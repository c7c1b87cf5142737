// `djust-mcp install` against temporary projects and home folders: creates, merges with other
// servers, is idempotent, backs up a malformed file, --print writes nothing, user scope. Entries
// run `djust-mcp` by name and pin no path, so a committed project file works for a whole team.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { BIN, tempDir, victimFile } from "./helpers.mjs";

const REAL_BIN = fs.realpathSync(BIN);
// The binary under test is on PATH, as an installed djust-mcp would be.
const PATH_WITH_BIN = `${path.dirname(REAL_BIN)}:${process.env.PATH ?? "/usr/bin:/bin"}`;

/** A Django-looking project (manage.py at its root) and an empty home folder. */
function setUp() {
  const project = tempDir("djust-install-project-");
  fs.writeFileSync(path.join(project, "manage.py"), "");
  fs.mkdirSync(path.join(project, "shop"));
  return { project, home: tempDir("djust-install-home-") };
}

/** Runs `djust-mcp install ARGS` in `cwd` with HOME=`home` and umask 022, as a login shell has. */
function install(args, { cwd, home }) {
  const result = spawnSync("sh", ["-c", 'umask 022 && exec "$0" install "$@"', BIN, ...args], {
    cwd,
    encoding: "utf8",
    timeout: 30000,
    env: { PATH: PATH_WITH_BIN, HOME: home },
  });
  assert.equal(result.error, undefined, `could not run djust-mcp install: ${result.error}`);
  return result;
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/** Every file under `dir` with its content, to show that nothing changed. */
function snapshot(dir) {
  const files = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath ?? entry.path, entry.name);
    if (entry.isFile()) files[path.relative(dir, full)] = fs.readFileSync(full, "utf8");
  }
  return files;
}

test("Claude Code by default: .mcp.json at the project found upwards, no machine's paths, the next step", () => {
  const { project, home } = setUp();
  const result = install([], { cwd: path.join(project, "shop"), home });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /Created .*\.mcp\.json \(Claude Code\) with MCP server 'djust'/);
  assert.match(result.stdout, /Next: run `claude` in .*approve the project's MCP servers.*approve 'djust'/);
  assert.match(result.stdout, /`claude mcp list` shows it as pending approval; in a session, \/mcp/);
  assert.deepEqual(readJson(path.join(project, ".mcp.json")), {
    mcpServers: { djust: { type: "stdio", command: "djust-mcp", args: ["serve"], env: {} } },
  });
  assert.equal(result.stderr, "", "djust-mcp is on PATH: nothing to warn about");
  assert.deepEqual(fs.readdirSync(home), [], "project scope writes nothing in the home folder");
});

test("a djust-mcp missing from PATH is said; the project file still names it", () => {
  const { project, home } = setUp();
  const result = spawnSync(BIN, ["install"], { cwd: project, encoding: "utf8", env: { PATH: "/usr/bin:/bin", HOME: home } });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /djust-mcp is not on PATH .*put it on PATH \(cmake --install build\)/);
  assert.equal(readJson(path.join(project, ".mcp.json")).mcpServers.djust.command, "djust-mcp");
});

test("--client all writes each client's own format; a second run changes nothing", () => {
  const { project, home } = setUp();
  const first = install(["--client", "all"], { cwd: project, home });
  assert.equal(first.status, 0, first.stderr);
  assert.deepEqual(readJson(path.join(project, ".mcp.json")).mcpServers.djust, {
    type: "stdio",
    command: "djust-mcp",
    args: ["serve"],
    env: {},
  });
  // Cursor and VS Code document ${workspaceFolder} for the folder they have open.
  const workspace = { command: "djust-mcp", args: ["serve", "--project", "${workspaceFolder}"], env: {} };
  assert.deepEqual(readJson(path.join(project, ".cursor", "mcp.json")).mcpServers.djust, workspace);
  assert.deepEqual(readJson(path.join(project, ".vscode", "mcp.json")).servers.djust, { type: "stdio", ...workspace });
  assert.match(first.stdout, /Next: open .* in Cursor; Cursor Settings > MCP lists 'djust'/);
  assert.match(first.stdout, /Next: open .* in VS Code: it asks you to trust 'djust'.*"MCP: List Servers"/);

  const before = snapshot(project);
  const second = install(["--client", "all"], { cwd: project, home });
  assert.equal(second.status, 0, second.stderr);
  assert.equal(second.stdout.match(/already up to date/g)?.length, 3, second.stdout);
  assert.deepEqual(snapshot(project), before);
});

test("merges with other servers and keys, keeping them", () => {
  const { project, home } = setUp();
  const original = {
    mcpServers: { other: { command: "/usr/bin/other", args: ["--x"] } },
    someSetting: { keep: true },
  };
  fs.mkdirSync(path.join(project, ".cursor"));
  fs.writeFileSync(path.join(project, ".cursor", "mcp.json"), JSON.stringify(original));
  const result = install(["--client", "cursor", "--name", "djust-dev"], { cwd: project, home });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /Added MCP server 'djust-dev'/);
  const merged = readJson(path.join(project, ".cursor", "mcp.json"));
  assert.deepEqual(merged.mcpServers.other, original.mcpServers.other);
  assert.deepEqual(merged.someSetting, { keep: true });
  assert.equal(merged.mcpServers["djust-dev"].command, "djust-mcp");
});

test("a malformed file is backed up, said so, and replaced", () => {
  const { project, home } = setUp();
  fs.writeFileSync(path.join(project, ".mcp.json"), '{"mcpServers": {"other": ');
  const result = install([], { cwd: project, home });
  assert.equal(result.status, 0, result.stderr);
  const backups = fs.readdirSync(project).filter((name) => name.startsWith(".mcp.json.bak-"));
  assert.equal(backups.length, 1);
  assert.match(backups[0], /^\.mcp\.json\.bak-\d{8}-\d{6}$/);
  assert.match(result.stderr, new RegExp(`is not valid JSON; backed up to .*${backups[0].replaceAll(".", "\\.")}`));
  assert.equal(fs.readFileSync(path.join(project, backups[0]), "utf8"), '{"mcpServers": {"other": ');
  assert.equal(readJson(path.join(project, ".mcp.json")).mcpServers.djust.command, "djust-mcp");
});

test("--print shows the JSON and writes nothing", () => {
  const { project, home } = setUp();
  fs.writeFileSync(path.join(project, ".mcp.json"), JSON.stringify({ mcpServers: { other: { command: "x" } } }));
  const before = snapshot(project);
  const result = install(["--print"], { cwd: project, home });
  assert.equal(result.status, 0, result.stderr);
  const printed = JSON.parse(result.stdout);
  assert.deepEqual(Object.keys(printed.mcpServers), ["other", "djust"]);
  assert.match(result.stderr, /would write .*\.mcp\.json.*--print wrote nothing/);
  assert.deepEqual(snapshot(project), before);
  assert.deepEqual(fs.readdirSync(home), []);
});

test("user scope writes in the home folder; VS Code's user file is refused with where to put it", () => {
  const { project, home } = setUp();
  fs.writeFileSync(path.join(home, ".claude.json"), JSON.stringify({ numStartups: 7 }));
  const claude = install(["--scope", "user"], { cwd: project, home });
  assert.equal(claude.status, 0, claude.stderr);
  const config = readJson(path.join(home, ".claude.json"));
  assert.equal(config.numStartups, 7);
  assert.deepEqual(config.mcpServers.djust.args, ["serve"], "user scope pins no project");
  const cursor = install(["--scope", "user", "--client", "cursor"], { cwd: project, home });
  assert.equal(cursor.status, 0, cursor.stderr);
  assert.deepEqual(readJson(path.join(home, ".cursor", "mcp.json")).mcpServers.djust.args, ["serve"]);
  assert.deepEqual(fs.readdirSync(project).sort(), ["manage.py", "shop"]);

  const vscode = install(["--scope", "user", "--client", "vscode"], { cwd: project, home });
  assert.equal(vscode.status, 2);
  assert.match(vscode.stderr, /MCP: Open User Configuration/);
});

test("--project and global settings reach the entry; bad values are usage errors", () => {
  const { project, home } = setUp();
  const elsewhere = tempDir("djust-install-cwd-");
  const python = path.join(project, "venv", "bin", "python");
  fs.mkdirSync(path.dirname(python), { recursive: true });
  fs.writeFileSync(python, "");
  const result = spawnSync(BIN, ["--project", project, "--python", path.relative(elsewhere, python), "install"], {
    cwd: elsewhere,
    encoding: "utf8",
    env: { PATH: PATH_WITH_BIN, HOME: home, DJUST_DEV_SERVER_URL: "http://127.0.0.1:9000" },
  });
  assert.equal(result.status, 0, result.stderr);
  const entry = readJson(path.join(project, ".mcp.json")).mcpServers.djust;
  assert.deepEqual(entry.args, ["serve"], "--project says where the file goes; the entry pins no path");
  assert.deepEqual(entry.env, {
    DJUST_MCP_PYTHON: python, // made absolute: the client starts the server in another folder
    DJUST_DEV_SERVER_URL: "http://127.0.0.1:9000",
  });

  for (const args of [["--client", "emacs"], ["--scope", "global"], ["--name", "no spaces"]]) {
    const bad = install(args, { cwd: project, home });
    assert.equal(bad.status, 2, `${args.join(" ")}: ${bad.stderr}`);
  }
  const missing = spawnSync(BIN, ["--project", path.join(project, "missing"), "install"], { encoding: "utf8" });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /does not exist/);
});

test("never writes through a planted link: the old temporary name, the file, a dangling link", (t) => {
  const victim = victimFile(t);
  const { project, home } = setUp();
  const config = path.join(project, ".mcp.json");
  // A repository shipping the name the writer used to write to.
  fs.symlinkSync(victim.file, `${config}.djust-mcp-tmp`);
  const created = install([], { cwd: project, home });
  assert.equal(created.status, 0, created.stderr);
  assert.equal(readJson(config).mcpServers.djust.command, "djust-mcp");
  assert.ok(fs.lstatSync(`${config}.djust-mcp-tmp`).isSymbolicLink());
  victim.assertUntouched();

  const refusals = [
    [victim.file, `djust-mcp: ${config} leads outside the project (to ${victim.file}); not writing there\n`],
    [victim.missing, `djust-mcp: ${config} is a symbolic link; djust-mcp does not write through links\n`],
  ];
  for (const [to, message] of refusals) {
    fs.rmSync(config);
    fs.symlinkSync(to, config);
    const refused = install([], { cwd: project, home });
    assert.equal(refused.status, 2, refused.stdout);
    assert.equal(refused.stderr, message);
    assert.ok(fs.lstatSync(config).isSymbolicLink());
  }
  victim.assertUntouched();

  // ~/.claude.json holds other servers' tokens: a new one is private; an existing one keeps its mode.
  fs.symlinkSync(victim.file, path.join(home, ".claude.json.djust-mcp-tmp"));
  assert.equal(install(["--scope", "user"], { cwd: project, home }).status, 0);
  assert.equal(fs.statSync(path.join(home, ".claude.json")).mode & 0o777, 0o600);
  fs.chmodSync(path.join(home, ".claude.json"), 0o640);
  assert.equal(install(["--scope", "user", "--name", "other"], { cwd: project, home }).status, 0);
  assert.deepEqual(Object.keys(readJson(path.join(home, ".claude.json")).mcpServers), ["djust", "other"]);
  assert.equal(fs.statSync(path.join(home, ".claude.json")).mode & 0o777, 0o640);
  assert.equal(install(["--scope", "user", "--client", "cursor"], { cwd: project, home }).status, 0);
  assert.equal(fs.statSync(path.join(home, ".cursor", "mcp.json")).mode & 0o777, 0o600);
  victim.assertUntouched();
});
