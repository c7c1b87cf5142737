// Shared helpers of the djust-mcp end-to-end tests: where the binary is, a raw line-oriented
// stdio client (no SDK) that checks every stdout line is JSON, and an SDK client factory.

import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Absolute path of the djust-mcp binary under test. */
export const BIN = path.resolve(process.env.DJUST_MCP_BIN || path.join(here, "../../build/djust-mcp"));

/** The version string `djust-mcp --version` prints ("djust-mcp 0.1.0" -> "0.1.0"). */
// Every temporary folder the tests make lives under one folder per test process, removed when the
// process exits, so the suite leaves nothing behind in the system temp directory.
let scratchRoot;
export function tempDir(prefix = "tmp-") {
  if (!scratchRoot) {
    scratchRoot = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "djust-e2e-")));
    process.on("exit", () => fs.rmSync(scratchRoot, { recursive: true, force: true }));
  }
  return fs.mkdtempSync(path.join(scratchRoot, prefix));
}

export function binaryVersion() {
  const out = execFileSync(BIN, ["--version"], { encoding: "utf8", timeout: 5000 }).trim();
  const match = /^djust-mcp\s+(\S+)$/.exec(out);
  assert.ok(match, `unexpected --version output: ${JSON.stringify(out)}`);
  return match[1];
}

/**
 * The first interpreter that imports Django and DRF, for the fixture project: Debian's python3 with
 * its packages (PATH may hold a pyenv without them); DJUST_TEST_PYTHON overrides.
 */
export function fixturePython() {
  for (const candidate of [process.env.DJUST_TEST_PYTHON, "/usr/bin/python3", "python3"].filter(Boolean)) {
    try {
      execFileSync(candidate, ["-c", "import django, rest_framework"], { stdio: "ignore", timeout: 60000 });
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error("no Python with Django and DRF: install python3-django and python3-djangorestframework");
}

/** The protocol versions of the initialize era, oldest first. */
export const PROTOCOL_VERSIONS = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];
export const LATEST_PROTOCOL_VERSION = "2025-11-25";

/** Rejects after `ms` with `what` in the message; the timer never keeps the process alive. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    timer.unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A djust-mcp child process spoken to line by line. Every stdout line is parsed as JSON as it
 * arrives; a line that is not JSON is recorded in `badLines` (and fails assertStdoutClean()).
 */
export class RawServer {
  /** `launcher`: argv run in front of the binary, e.g. a shell that sets resource limits first. */
  constructor(args = ["--log-level", "debug"], { env, launcher = [] } = {}) {
    this.args = args;
    this.messages = []; // parsed stdout messages not yet taken by next()
    this.allMessages = []; // every parsed stdout message, in order
    this.badLines = []; // stdout lines that were not JSON
    this.rawLines = []; // every stdout line as text (up to 64 KB each)
    this.stderr = "";
    this.waiters = [];
    this.stdoutBuffer = Buffer.alloc(0);
    const [command, ...leading] = [...launcher, BIN];
    this.child = spawn(command, [...leading, ...args], {
      stdio: ["pipe", "pipe", "pipe"],
      env: env ?? { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    });
    this.child.stdin.on("error", () => {}); // EPIPE after the child exited is reported by exit checks
    this.exit = new Promise((resolve) => {
      this.child.on("exit", (code, signal) => resolve({ code, signal }));
    });
    this.closed = new Promise((resolve) => this.child.on("close", resolve));
    this.exited = false;
    this.exit.then(() => {
      this.exited = true;
      this.wake();
    });
    this.child.stderr.on("data", (chunk) => {
      if (this.stderr.length < 1_000_000) this.stderr += chunk.toString("utf8");
    });
    this.child.stdout.on("data", (chunk) => this.onStdout(chunk));
    this.child.stdout.on("end", () => {
      if (this.stdoutBuffer.length > 0) {
        // A final line without its newline is not a properly framed message.
        this.badLines.push(`(unterminated) ${this.stdoutBuffer.toString("utf8").slice(0, 200)}`);
        this.stdoutBuffer = Buffer.alloc(0);
      }
      this.wake();
    });
  }

  onStdout(chunk) {
    this.stdoutBuffer = Buffer.concat([this.stdoutBuffer, chunk]);
    let newline;
    while ((newline = this.stdoutBuffer.indexOf(0x0a)) !== -1) {
      const line = this.stdoutBuffer.subarray(0, newline).toString("utf8");
      this.rawLines.push(line.slice(0, 65536));
      this.stdoutBuffer = this.stdoutBuffer.subarray(newline + 1);
      let message;
      try {
        message = JSON.parse(line);
      } catch {
        this.badLines.push(line.slice(0, 500));
        continue;
      }
      this.messages.push(message);
      this.allMessages.push(message);
    }
    this.wake();
  }

  wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  changed() {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Writes a message: an object (serialized), a string, or raw bytes; a newline is added unless raw. */
  send(message, { newline = true } = {}) {
    let data;
    if (Buffer.isBuffer(message)) data = message;
    else if (typeof message === "string") data = Buffer.from(message, "utf8");
    else data = Buffer.from(JSON.stringify(message), "utf8");
    if (newline) data = Buffer.concat([data, Buffer.from("\n")]);
    return new Promise((resolve, reject) => {
      this.child.stdin.write(data, (err) => (err ? reject(err) : resolve()));
    });
  }

  /** The next stdout message, whatever it is. */
  async next(timeoutMs = 5000, what = "the next stdout message") {
    const wait = async () => {
      while (this.messages.length === 0) {
        if (this.exited && this.child.stdout.readableEnded) {
          throw new Error(`server exited before sending ${what}; stderr:\n${this.stderr.slice(-2000)}`);
        }
        await this.changed();
      }
      return this.messages.shift();
    };
    return withTimeout(wait(), timeoutMs, what);
  }

  /** Waits for the next message matching `predicate`, skipping (and keeping) the others. */
  async waitFor(predicate, timeoutMs = 5000, what = "a matching message") {
    const wait = async () => {
      while (true) {
        const index = this.messages.findIndex(predicate);
        if (index !== -1) return this.messages.splice(index, 1)[0];
        if (this.exited && this.child.stdout.readableEnded) {
          throw new Error(`server exited before sending ${what}; stderr:\n${this.stderr.slice(-2000)}`);
        }
        await this.changed();
      }
    };
    return withTimeout(wait(), timeoutMs, what);
  }

  /** Sends a request and returns the reply carrying its id (other messages are left queued). */
  async request(method, params, id = RawServer.nextId++, timeoutMs = 5000) {
    const message = { jsonrpc: "2.0", id, method };
    if (params !== undefined) message.params = params;
    await this.send(message);
    return this.waitFor(
      (m) => m.id === id && ("result" in m || "error" in m),
      timeoutMs,
      `the reply to ${method} (id ${JSON.stringify(id)})`,
    );
  }

  notify(method, params) {
    const message = { jsonrpc: "2.0", method };
    if (params !== undefined) message.params = params;
    return this.send(message);
  }

  /** initialize + notifications/initialized; returns the initialize result. */
  async initialize(protocolVersion = LATEST_PROTOCOL_VERSION) {
    const reply = await this.request("initialize", {
      protocolVersion,
      capabilities: {},
      clientInfo: { name: "djust-mcp-e2e", version: "1.0.0" },
    });
    assert.ok(reply.result, `initialize failed: ${JSON.stringify(reply)}`);
    await this.notify("notifications/initialized");
    return reply.result;
  }

  /** Closes stdin and resolves with {code, signal} once the process has exited. */
  async closeStdin(timeoutMs = 5000) {
    this.child.stdin.end();
    return withTimeout(this.exit, timeoutMs, "the server to exit after stdin closed");
  }

  assertStdoutClean() {
    assert.deepEqual(this.badLines, [], `stdout carried lines that are not JSON messages; stderr:\n${this.stderr.slice(-2000)}`);
  }

  /** Ends the child for good (used in finally blocks): stdin closed, then SIGKILL if it lingers. */
  async kill() {
    if (!this.exited) {
      try {
        this.child.stdin.end();
      } catch {
        // already gone
      }
      try {
        await withTimeout(this.exit, 3000, "exit");
      } catch {
        this.child.kill("SIGKILL");
        await this.exit;
      }
    }
  }
}
RawServer.nextId = 1000;

/** Runs `body(server)` against a fresh raw server, asserts clean stdout, and always ends the child. */
export async function withRawServer(body, args, options) {
  const server = new RawServer(args, options);
  try {
    await body(server);
    server.assertStdoutClean();
  } finally {
    await server.kill();
  }
}

/** Spawns the server through the official SDK client and connects; returns helpers to inspect it. */
export async function connectClient({
  args = [],
  clientName = "djust-mcp-e2e",
  capabilities = {},
  cwd,
  env = {},
  beforeConnect = () => {},
} = {}) {
  const transport = new StdioClientTransport({
    command: BIN,
    args,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
    cwd,
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk) => {
    if (stderr.length < 1_000_000) stderr += chunk.toString("utf8");
  });
  // Every message in either direction, as the SDK saw it (the SDK chains a handler set before connect).
  const received = [];
  const sent = [];
  transport.onmessage = (message) => received.push(message);
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    sent.push(message);
    return send(message, options);
  };
  const client = new Client({ name: clientName, version: "1.0.0" }, { capabilities });
  beforeConnect(client); // request handlers (roots/list ...) must be in place before the server asks
  const errors = [];
  client.onerror = (error) => errors.push(error);
  await withTimeout(client.connect(transport), 10000, "the SDK client to connect");
  return {
    client,
    transport,
    errors,
    received,
    sent,
    stderr: () => stderr,
    /** Closes the client; the transport closes stdin and waits for the child (SIGTERM/SIGKILL after 2 s each). */
    async close() {
      const started = Date.now();
      await client.close();
      return Date.now() - started;
    },
  };
}

/** Runs `body(ctx)` with a connected SDK client; always closes it and asserts no transport errors. */
export async function withClient(body, options) {
  const ctx = await connectClient(options);
  try {
    await body(ctx);
    assert.deepEqual(
      ctx.errors.map((e) => String(e)),
      [],
      `the SDK reported errors (e.g. unparsable stdout); stderr:\n${ctx.stderr().slice(-2000)}`,
    );
  } finally {
    await ctx.close();
  }
}

/** Asserts that `promise` rejects with an McpError (or any error) carrying JSON-RPC `code`. */
export async function assertRpcError(promise, code, messagePattern) {
  await assert.rejects(promise, (error) => {
    assert.equal(error.code, code, `expected error code ${code}, got ${error.code}: ${error.message}`);
    if (messagePattern) assert.match(error.message, messagePattern);
    return true;
  });
}

/**
 * A file outside every folder a test writes into (mode 0600), the kind of file a planted symlink
 * aims at. `missing` is a name beside it that nothing may create; `assertUntouched()` checks that
 * the file kept its bytes and mode and that nothing appeared beside it. Removed after test `t`.
 */
export function victimFile(t, { name = "authorized_keys", content = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 victim@host\n" } = {}) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "djust-mcp-victim-")));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  fs.chmodSync(file, 0o600);
  return {
    file,
    missing: path.join(dir, "created-through-a-link"),
    assertUntouched() {
      assert.equal(fs.readFileSync(file, "utf8"), content, `${file} was overwritten`);
      assert.equal(fs.statSync(file).mode & 0o7777, 0o600, `the mode of ${file} changed`);
      assert.deepEqual(fs.readdirSync(dir), [name], `something was created beside ${file}`);
    },
  };
}
