// `djust-mcp serve --http`: the SDK's StreamableHTTPClientTransport for every initialize-era
// version, the stateless 2026-07-28 revision as raw POSTs, and the security and limits a user
// sees as HTTP statuses (keys, Host/Origin, sizes, content types, methods, sessions).

import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

import { BIN, PROTOCOL_VERSIONS, withTimeout } from "./helpers.mjs";

const T = { timeout: 30000 };
const JSON_AND_SSE = "application/json, text/event-stream";

/** Starts `serve --http 127.0.0.1:0 ...args`; resolves once it listens. */
function startServer(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ["serve", "--http", "127.0.0.1:0", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    let stderr = "";
    const timer = setTimeout(() => reject(new Error(`server did not listen: ${stderr}`)), 10000);
    child.stderr.on("data", (c) => {
      stderr += c;
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], stderr: () => stderr });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${stderr}`));
    });
  });
}

async function stopServer(server) {
  const exited = new Promise((r) => server.child.once("exit", r));
  server.child.kill("SIGTERM");
  await withTimeout(exited, 5000, "the server to exit on SIGTERM");
}

/** An SDK client over HTTP that asks for `version` (the SDK itself always offers its latest). */
async function connect(url, version, headers = {}) {
  const rewrite = async (input, init) => {
    if (init?.body && typeof init.body === "string" && init.body.includes('"method":"initialize"')) {
      const body = JSON.parse(init.body);
      body.params.protocolVersion = version;
      init = { ...init, body: JSON.stringify(body) };
    }
    return fetch(input, init);
  };
  const transport = new StreamableHTTPClientTransport(new URL(url), { fetch: rewrite, requestInit: { headers } });
  const client = new Client({ name: "djust-mcp-e2e-http", version: "1.0.0" });
  await withTimeout(client.connect(transport), 10000, "the SDK client to connect over HTTP");
  return { client, transport };
}

function post(url, body, headers = {}) {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: JSON_AND_SSE, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const MODERN = "2026-07-28";
const modernMeta = {
  "io.modelcontextprotocol/protocolVersion": MODERN,
  "io.modelcontextprotocol/clientCapabilities": {},
};
const modernHeaders = (method, name) => ({
  "MCP-Protocol-Version": MODERN,
  "Mcp-Method": method,
  ...(name ? { "Mcp-Name": name } : {}),
});

describe("serve --http without keys (loopback, --no-auth)", () => {
  let server;
  before(async () => {
    server = await startServer(["--no-auth"]);
  });
  after(async () => stopServer(server));

  for (const version of PROTOCOL_VERSIONS) {
    test(`the SDK's StreamableHTTPClientTransport speaks ${version}`, T, async () => {
      const { client, transport } = await connect(server.url, version);
      try {
        assert.equal(client.getServerVersion().name, "djust-mcp");
        assert.ok(transport.sessionId, "a session id was issued");
        const tools = await client.listTools();
        assert.ok(tools.tools.some((t) => t.name === "get_decorators"));
        // outputSchema came with 2025-06-18: the server describes tools in the negotiated version.
        assert.equal("outputSchema" in tools.tools[0], version >= "2025-06-18");
        const result = await client.callTool({ name: "get_decorators", arguments: { name: "event_handler" } });
        assert.notEqual(result.isError, true);
        assert.match(result.content[0].text, /event_handler/);
        const resources = await client.listResources();
        assert.ok(resources.resources.length > 0);
        await transport.terminateSession();
      } finally {
        await client.close();
      }
    });
  }

  test("a session ended with DELETE is 404 from then on", T, async () => {
    const { client, transport } = await connect(server.url, "2025-11-25");
    const sessionId = transport.sessionId;
    await transport.terminateSession();
    await client.close();
    const reply = await post(server.url, { jsonrpc: "2.0", id: 5, method: "tools/list" }, {
      "Mcp-Session-Id": sessionId,
      "MCP-Protocol-Version": "2025-11-25",
    });
    assert.equal(reply.status, 404);
    const unknown = await post(server.url, { jsonrpc: "2.0", id: 6, method: "tools/list" }, { "Mcp-Session-Id": "nope" });
    assert.equal(unknown.status, 404);
    const none = await post(server.url, { jsonrpc: "2.0", id: 7, method: "tools/list" });
    assert.equal(none.status, 400);
  });

  test("2026-07-28: discover and a tool call as stateless POSTs, routing headers checked against the body", T, async () => {
    const discover = await post(
      server.url,
      { jsonrpc: "2.0", id: 1, method: "server/discover", params: { _meta: modernMeta } },
      modernHeaders("server/discover"),
    );
    assert.equal(discover.status, 200);
    assert.equal(discover.headers.get("mcp-session-id"), null, "no sessions in the stateless revision");
    const found = await discover.json();
    assert.ok(found.result.supportedVersions.includes(MODERN));

    const call = {
      jsonrpc: "2.0",
      id: 2,
      method: "tools/call",
      params: { name: "get_decorators", arguments: { name: "event_handler" }, _meta: modernMeta },
    };
    const ok = await post(server.url, call, modernHeaders("tools/call", "get_decorators"));
    assert.equal(ok.status, 200);
    const text = await ok.text();
    assert.match(text, /"resultType":"complete"/);

    const forged = await post(server.url, call, modernHeaders("tools/call", "seed_fixtures"));
    assert.equal(forged.status, 400);
    assert.equal((await forged.json()).error.code, -32020);
    const encoded = await post(
      server.url,
      call,
      modernHeaders("tools/call", `=?base64?${Buffer.from("get_decorators").toString("base64")}?=`),
    );
    assert.equal(encoded.status, 200);
    const unknown = await post(
      server.url,
      { jsonrpc: "2.0", id: 3, method: "ping", params: { _meta: modernMeta } },
      modernHeaders("ping"),
    );
    assert.equal(unknown.status, 404);
    assert.equal((await unknown.json()).error.code, -32601);
  });

  test("a forged Host or Origin is 403 (DNS rebinding)", T, async () => {
    const port = new URL(server.url).port;
    const status = (headers) =>
      new Promise((resolve, reject) => {
        const socket = net.connect(Number(port), "127.0.0.1", () => {
          socket.write(`GET /mcp HTTP/1.1\r\n${headers}Connection: close\r\n\r\n`);
        });
        let data = "";
        socket.on("data", (c) => (data += c));
        socket.on("end", () => resolve(Number(data.split(" ")[1])));
        socket.on("error", reject);
      });
    assert.equal(await status(`Host: evil.example:${port}\r\n`), 403);
    assert.equal(await status(`Host: 127.0.0.1:${port}\r\nOrigin: http://evil.example\r\n`), 403);
    const allowed = await post(server.url, { jsonrpc: "2.0", id: 1, method: "tools/list" }, { Origin: `http://localhost:${port}` });
    assert.equal(allowed.status, 400, "a loopback Origin passes (then: no session)");
  });

  test("limits answer with the status that says why", T, async () => {
    const big = await fetch(server.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: JSON_AND_SSE },
      body: "x".repeat(5 * 1024 * 1024),
    }).catch((e) => e);
    // httplib answers 413 as soon as it sees Content-Length (or the socket closes under the body).
    if (!(big instanceof Error)) assert.equal(big.status, 413);
    assert.equal((await post(server.url, "{}", { "Content-Type": "text/plain" })).status, 415);
    assert.equal((await post(server.url, "{}", { Accept: "application/json" })).status, 406);
    assert.equal((await fetch(server.url, { method: "PUT", body: "{}" })).status, 405);
    assert.equal((await post(server.url, "not json")).status, 400);
    assert.equal((await post(server.url, "[]")).status, 400);
    // Still serving afterwards.
    const after = await post(
      server.url,
      { jsonrpc: "2.0", id: 1, method: "server/discover", params: { _meta: modernMeta } },
      modernHeaders("server/discover"),
    );
    assert.equal(after.status, 200);
  });
});

describe("serve --http with API keys", () => {
  let server;
  let home;
  let keyFile;
  let key;
  const keyCommand = (...args) =>
    spawnSync(BIN, ["key", ...args, "--key-file", keyFile], { encoding: "utf8", env: { PATH: process.env.PATH } });
  before(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), "djust-keys-"));
    keyFile = path.join(home, "keys.json");
    const created = keyCommand("create", "e2e");
    assert.equal(created.status, 0, created.stderr);
    key = created.stdout.trim();
    assert.match(key, /^[0-9a-f]{12}\.[0-9a-f]{64}$/);
    server = await startServer(["--key-file", keyFile, "--audit-log", path.join(home, "audit.log")]);
  });
  after(async () => {
    await stopServer(server);
    fs.rmSync(home, { recursive: true, force: true });
  });

  test("the store keeps only a salted hash, mode 0600", () => {
    const text = fs.readFileSync(keyFile, "utf8");
    assert.ok(!text.includes(key.split(".")[1]), "the secret is not stored");
    assert.equal(fs.statSync(keyFile).mode & 0o777, 0o600);
    assert.match(keyCommand("list").stdout, /e2e/);
  });

  test("no key, a wrong key: 401 with WWW-Authenticate: Bearer", T, async () => {
    const none = await post(server.url, { jsonrpc: "2.0", id: 1, method: "tools/list" });
    assert.equal(none.status, 401);
    assert.match(none.headers.get("www-authenticate"), /^Bearer/);
    const wrong = await post(server.url, { jsonrpc: "2.0", id: 1, method: "tools/list" }, {
      Authorization: `Bearer ${key.slice(0, -1)}${key.endsWith("0") ? "1" : "0"}`, // never the key itself
    });
    assert.equal(wrong.status, 401);
  });

  test("install --transport http writes an entry an SDK client connects with, its key from the environment", T, async () => {
    const project = path.join(home, "project");
    fs.mkdirSync(project);
    const installed = spawnSync(BIN, ["install", "--client", "all", "--transport", "http", "--url", server.url], {
      cwd: project,
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: home },
    });
    assert.equal(installed.status, 0, installed.stderr);
    assert.match(installed.stdout, /Claude Code and Cursor read it from \$DJUST_MCP_KEY, VS Code asks for it once/);
    const claude = JSON.parse(fs.readFileSync(path.join(project, ".mcp.json"), "utf8")).mcpServers.djust;
    assert.deepEqual(claude, { type: "http", url: server.url, headers: { Authorization: "Bearer ${DJUST_MCP_KEY}" } });
    const cursor = JSON.parse(fs.readFileSync(path.join(project, ".cursor/mcp.json"), "utf8")).mcpServers.djust;
    assert.deepEqual(cursor, { url: server.url, headers: { Authorization: "Bearer ${env:DJUST_MCP_KEY}" } });
    const vscode = JSON.parse(fs.readFileSync(path.join(project, ".vscode/mcp.json"), "utf8"));
    assert.equal(vscode.servers.djust.headers.Authorization, "Bearer ${input:djust-mcp-key}");
    assert.deepEqual(vscode.inputs.map((i) => [i.id, i.type, i.password]), [["djust-mcp-key", "promptString", true]]);

    // What Claude Code does with the entry: expand ${VAR} from its environment, then connect.
    const headers = { Authorization: claude.headers.Authorization.replace("${DJUST_MCP_KEY}", key) };
    const { client, transport } = await connect(claude.url, "2025-11-25", headers);
    assert.ok((await client.listTools()).tools.some((t) => t.name === "get_decorators"));
    await transport.terminateSession();
    await client.close();

    const missing = spawnSync(BIN, ["install", "--transport", "http"], { cwd: project, encoding: "utf8" });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--transport http needs --url/);
  });

  test("the key works through the SDK, tools/call is audited, and a revoked key is refused", T, async () => {
    const { client, transport } = await connect(server.url, "2025-11-25", { Authorization: `Bearer ${key}` });
    const result = await client.callTool({ name: "get_decorators", arguments: { name: "event_handler" } });
    assert.notEqual(result.isError, true);
    await transport.terminateSession();
    await client.close();
    const audit = fs.readFileSync(path.join(home, "audit.log"), "utf8").trim().split("\n").map(JSON.parse);
    const line = audit.find((a) => a.tool === "get_decorators");
    assert.equal(line.key, key.split(".")[0]);
    assert.equal(line.outcome, "ok");
    assert.ok(!JSON.stringify(audit).includes("event_handler"), "arguments are never logged");
    assert.ok(!JSON.stringify(audit).includes(key.split(".")[1]), "secrets are never logged");

    assert.equal(keyCommand("revoke", key.split(".")[0]).status, 0);
    const revoked = await post(server.url, { jsonrpc: "2.0", id: 1, method: "tools/list" }, {
      Authorization: `Bearer ${key}`,
    });
    assert.equal(revoked.status, 401, "a revoked key is refused at once, without a restart");
  });
});

describe("serve --http refuses to run unsafely", () => {
  test("a non-loopback bind without keys, and --no-auth off loopback, are refused", () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "djust-nokeys-"));
    try {
      const run = (args) =>
        spawnSync(BIN, ["serve", ...args], { encoding: "utf8", env: { PATH: process.env.PATH, HOME: home }, timeout: 5000 });
      const noKeys = run(["--http", "0.0.0.0:0"]);
      assert.equal(noKeys.status, 2);
      assert.match(noKeys.stderr, /key create/);
      const noAuthRemote = run(["--http", "0.0.0.0:0", "--no-auth"]);
      assert.equal(noAuthRemote.status, 2);
      assert.match(noAuthRemote.stderr, /loopback/);
      const loopbackNoKeys = run(["--http", "127.0.0.1:0"]);
      assert.equal(loopbackNoKeys.status, 2);
      assert.match(loopbackNoKeys.stderr, /--no-auth/);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

describe("serve --http under hostile clients", () => {
  let server;
  before(async () => {
    server = await startServer(["--no-auth"]);
  });
  after(async () => stopServer(server));

  const fdCount = () => fs.readdirSync(`/proc/${server.child.pid}/fd`).length;
  const rssKiB = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${server.child.pid}/status`, "utf8"))[1]);
  const discover = () =>
    post(
      server.url,
      { jsonrpc: "2.0", id: 1, method: "server/discover", params: { _meta: modernMeta } },
      modernHeaders("server/discover"),
    );
  async function settle(predicate, ms = 5000) {
    const deadline = Date.now() + ms;
    while (!predicate() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return predicate();
  }

  test("1,000 half-open connections, a 100 MB body and clients leaving mid-stream: others are served, nothing leaks", T, async () => {
    assert.equal((await discover()).status, 200);
    const fdsBefore = fdCount();
    const rssBefore = rssKiB();
    const port = Number(new URL(server.url).port);

    // Half-open: connected, a partial request line, then silence (slowloris).
    const idle = await Promise.all(
      Array.from({ length: 1000 }, () =>
        new Promise((resolve) => {
          const s = net.connect(port, "127.0.0.1", () => {
            s.write("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            resolve(s);
          });
          s.on("error", () => resolve(s));
        }),
      ),
    );
    const started = Date.now();
    assert.equal((await discover()).status, 200);
    assert.ok(Date.now() - started < 2000, `a normal request waited ${Date.now() - started} ms behind idle connections`);

    // A 100 MB body is refused from its Content-Length, without reading it.
    const huge = await new Promise((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.write(
          `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: ${JSON_AND_SSE}\r\n` +
            `Content-Length: ${100 * 1024 * 1024}\r\n\r\n{"jsonrpc":`,
        );
      });
      s.once("data", (c) => {
        s.destroy();
        resolve(String(c));
      });
      s.on("error", () => resolve(""));
    });
    assert.match(huge, /^HTTP\/1\.1 413/);

    // Clients that leave while their tools/call streams.
    const { client, transport } = await connect(server.url, "2025-11-25");
    const session = transport.sessionId;
    await client.close();
    for (let i = 0; i < 20; i++) {
      await new Promise((resolve) => {
        const body = JSON.stringify({
          jsonrpc: "2.0",
          id: 100 + i,
          method: "tools/call",
          params: { name: "get_framework_schema", arguments: {} },
        });
        const s = net.connect(port, "127.0.0.1", () => {
          s.write(
            `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: ${JSON_AND_SSE}\r\n` +
              `Mcp-Session-Id: ${session}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
          );
        });
        s.once("data", () => {
          s.destroy();
          resolve();
        });
        s.on("error", resolve);
      });
    }

    for (const s of idle) s.destroy();
    assert.equal((await discover()).status, 200);
    assert.ok(await settle(() => fdCount() <= fdsBefore + 2), `fds: ${fdsBefore} before, ${fdCount()} after`);
    const rssAfter = rssKiB();
    assert.ok(rssAfter < rssBefore + 64 * 1024, `RSS grew from ${rssBefore} KiB to ${rssAfter} KiB`);
  });
});
