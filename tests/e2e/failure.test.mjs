// Failure tests (issue #9): clients and peers that misbehave. Each one must end in a clear error
// or a clean exit (status 0, no signal), never a hang, a crash or a stdout line that is not a
// whole JSON-RPC message. Under the sanitizer build a memory error or leak fails the exit check.

import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { RawServer, fixturePython, withTimeout } from "./helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const PROJECT = path.resolve(here, "../fixtures/project");
const T = { timeout: 60000 };
const TEN_MB = 10 * 1000 * 1000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Asserts the process ended by itself with status 0 and wrote nothing but JSON messages. */
function assertCleanExit(server, exit) {
  assert.deepEqual(exit, { code: 0, signal: null }, `unclean exit; stderr:\n${server.stderr.slice(-3000)}`);
  assert.doesNotMatch(server.stderr, /AddressSanitizer|LeakSanitizer|runtime error:/, "a sanitizer reported");
  server.assertStdoutClean();
}

/** Closes stdin and asserts a clean exit; the child is killed if it lingers. */
async function endCleanly(server) {
  try {
    assertCleanExit(server, await server.closeStdin(15000));
  } finally {
    await server.kill();
  }
}

async function callTool(server, name, args, id, timeoutMs = 30000) {
  const reply = await server.request("tools/call", { name, arguments: args }, id, timeoutMs);
  assert.ok(reply.result, `tools/call ${name} failed: ${JSON.stringify(reply).slice(0, 500)}`);
  return reply.result;
}

/** Pids of the direct children of `pid`, from /proc. */
function childrenOf(pid) {
  const children = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[1]) === pid) children.push(Number(entry));
  }
  return children;
}

/** A TCP server on a free loopback port; `onConnection(socket)` decides how (not) to answer. */
async function listen(onConnection) {
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.resume(); // read (and drop) the request, so that the client closing is seen
    socket.on("close", () => sockets.delete(socket));
    onConnection(socket);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    connections: () => sockets.size,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe("the client goes away", () => {
  test("stdout closed mid-reply: the server notices and exits cleanly, stdin still open", T, async () => {
    const s = new RawServer();
    try {
      await s.initialize();
      // Replies of ~0.5 MB each, far more than a pipe holds, so writes are under way when the
      // reading end goes.
      const call = (id) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "get_framework_schema", arguments: {} } });
      await s.send(Array.from({ length: 40 }, (_, i) => JSON.stringify(call(i + 1))).join("\n"));
      await s.waitFor(() => true, 10000, "the first bytes of a reply").catch(() => {});
      s.child.stdout.destroy();
      const exit = await withTimeout(s.exit, 15000, "the server to exit once its stdout reader was gone");
      assert.deepEqual(exit, { code: 0, signal: null }, `unclean exit; stderr:\n${s.stderr.slice(-3000)}`);
      assert.doesNotMatch(s.stderr, /AddressSanitizer|LeakSanitizer|runtime error:/);
    } finally {
      await s.kill();
    }
  });

  test("stdin closed in the middle of a message: no partial output, clean exit", T, async () => {
    const s = new RawServer();
    await s.initialize();
    await s.send('{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"get_deco', { newline: false });
    const exit = await s.closeStdin(15000);
    await s.closed;
    assertCleanExit(s, exit);
    // The fragment is at most refused as unparsable, never answered as if it were whole.
    const after = s.allMessages.slice(1);
    assert.ok(after.every((m) => m.error?.code === -32700 && m.id === null), JSON.stringify(after).slice(0, 500));
  });

  test("stdin closed while calls are in flight: they are answered, then a clean exit", T, async () => {
    const s = new RawServer();
    await s.initialize();
    const ids = [21, 22, 23];
    await s.send(
      ids
        .map((id) => JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "get_framework_schema", arguments: {} } }))
        .join("\n"),
    );
    const exit = await s.closeStdin(15000);
    await s.closed;
    assertCleanExit(s, exit);
    for (const id of ids) assert.equal(s.allMessages.filter((m) => m.id === id && m.result).length, 1, `reply ${id}`);
  });
});

describe("too much input", () => {
  test("a 10 MB line of junk is a parse error and the server keeps serving", T, async () => {
    const s = new RawServer();
    await s.initialize();
    await s.send("#".repeat(TEN_MB));
    const reply = await s.next(30000, "the reply to the 10 MB junk line");
    assert.equal(reply.error?.code, -32700, JSON.stringify(reply).slice(0, 300));
    assert.equal(reply.id, null);
    assert.ok((await s.request("ping", undefined, "after-junk", 10000)).result);
    await endCleanly(s);
  });

  test("a 10 MB view to validate is answered and the server keeps serving", T, async () => {
    const s = new RawServer();
    await s.initialize();
    // One huge literal: 10 MB through the whole tool path without minutes of linting under ASan.
    const code = `BANNER = "${"x".repeat(TEN_MB)}"\n`;
    const result = await callTool(s, "validate_view", { code }, "big-view", 50000);
    assert.ok(result.structuredContent || result.isError, JSON.stringify(result).slice(0, 300));
    assert.ok((await s.request("ping", undefined, "after-view", 10000)).result);
    await endCleanly(s);
  });

  test("10,000 pipelined requests are all answered once, with their ids", T, async () => {
    const s = new RawServer(["--log-level", "warning"]);
    await s.initialize();
    const count = 10000;
    const lines = [];
    for (let id = 1; id <= count; ++id) {
      const message =
        id % 3 === 0
          ? { jsonrpc: "2.0", id, method: "tools/call", params: { name: "get_decorators", arguments: { name: "debounce" } } }
          : id % 3 === 1
            ? { jsonrpc: "2.0", id, method: "ping" }
            : { jsonrpc: "2.0", id: `s${id}`, method: "resources/read", params: { uri: "djust://schema/directives/dj-click" } };
      lines.push(JSON.stringify(message));
    }
    await s.send(lines.join("\n"));
    const expected = (id) => (id % 3 === 2 ? `s${id}` : id);
    const answered = () => s.allMessages.filter((m) => m.id !== undefined && m.id !== 1).length;
    await withTimeout(
      (async () => {
        while (answered() < count) await s.changed();
      })(),
      50000,
      "10,000 replies",
    );
    const seen = new Map();
    for (const m of s.allMessages.slice(1)) {
      assert.ok(m.result, `not a result: ${JSON.stringify(m).slice(0, 300)}`);
      seen.set(m.id, (seen.get(m.id) ?? 0) + 1);
    }
    for (let id = 1; id <= count; ++id) assert.equal(seen.get(expected(id)), 1, `id ${expected(id)}`);
    assert.equal(seen.size, count);
    await endCleanly(s);
  });
});

describe("peers that fail", () => {
  const PYTHON = fixturePython();
  const projectArgs = (extra = []) => ["--log-level", "debug", "--project", PROJECT, "--python", PYTHON, ...extra, "serve"];

  test("a cancelled in-flight project call gets no reply; the next call works", T, async () => {
    const s = new RawServer(projectArgs());
    await s.initialize();
    // The first call loads Django, which takes far longer than it takes the cancel to arrive.
    const call = { jsonrpc: "2.0", id: 31, method: "tools/call", params: { name: "list_views", arguments: {} } };
    const cancel = { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 31, reason: "test" } };
    await s.send(JSON.stringify(call));
    await sleep(100);
    await s.send(JSON.stringify(cancel));
    const views = await callTool(s, "list_views", {}, 32);
    assert.equal(views.isError, undefined, JSON.stringify(views).slice(0, 500));
    assert.deepEqual(s.allMessages.filter((m) => m.id === 31), [], "the cancelled call was answered");
    await endCleanly(s);
  });

  test("the bridge killed mid-call: a clear tool error, and the next call starts it again", T, async () => {
    const s = new RawServer(projectArgs());
    await s.initialize();
    const warm = await callTool(s, "list_views", {}, 41);
    assert.equal(warm.isError, undefined, JSON.stringify(warm).slice(0, 500));
    const bridges = childrenOf(s.child.pid);
    assert.equal(bridges.length, 1, `expected one bridge process, found ${bridges}`);
    // Stopped first, so that the request is surely under way when the process dies.
    process.kill(bridges[0], "SIGSTOP");
    await s.send({ jsonrpc: "2.0", id: 42, method: "tools/call", params: { name: "list_routes", arguments: {} } });
    await sleep(300);
    process.kill(bridges[0], "SIGKILL");
    const reply = await s.waitFor((m) => m.id === 42, 15000, "the reply to the call whose bridge was killed");
    assert.equal(reply.result?.isError, true, JSON.stringify(reply).slice(0, 500));
    const text = reply.result.content[0].text;
    assert.match(text, /killed by signal 9/);
    assert.match(text, /while answering list_routes/);
    assert.match(text, /next call starts it again/);
    const again = await callTool(s, "list_routes", {}, 43);
    assert.equal(again.isError, undefined, JSON.stringify(again).slice(0, 500));
    await endCleanly(s);
  });

  test("a dev server that accepts and never answers is a timeout error in bounded time", T, async () => {
    const silent = await listen(() => {});
    const s = new RawServer(["--log-level", "debug", "--dev-server", silent.url, "serve"]);
    try {
      await s.initialize();
      const started = Date.now();
      const result = await callTool(s, "get_handler_timings", {}, 51, 20000);
      const elapsed = Date.now() - started;
      assert.equal(result.isError, true, JSON.stringify(result).slice(0, 500));
      assert.match(result.content[0].text, /did not answer in time/);
      assert.ok(elapsed < 15000, `took ${elapsed} ms`);
      await endCleanly(s);
    } finally {
      await silent.close();
    }
  });

  test("a dev server that trickles its answer forever is a timeout error in bounded time", T, async () => {
    const trickle = await listen((socket) => {
      socket.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n");
      const timer = setInterval(() => socket.write("X-Slow: 1\r\n"), 200);
      socket.on("close", () => clearInterval(timer));
    });
    const s = new RawServer(["--log-level", "debug", "--dev-server", trickle.url, "serve"]);
    try {
      await s.initialize();
      const started = Date.now();
      const result = await callTool(s, "tail_server_log", {}, 52, 30000);
      const elapsed = Date.now() - started;
      assert.equal(result.isError, true, JSON.stringify(result).slice(0, 500));
      assert.match(result.content[0].text, /did not answer in time/);
      assert.ok(elapsed < 20000, `took ${elapsed} ms`);
      await endCleanly(s);
    } finally {
      await trickle.close();
    }
  });

  test("a call waiting on a silent dev server can be cancelled; the server keeps serving", T, async () => {
    const silent = await listen(() => {});
    const s = new RawServer(["--log-level", "debug", "--dev-server", silent.url, "serve"]);
    try {
      await s.initialize();
      await s.send({ jsonrpc: "2.0", id: 61, method: "tools/call", params: { name: "get_last_traceback", arguments: {} } });
      await withTimeout(
        (async () => {
          while (silent.connections() === 0) await sleep(20);
        })(),
        10000,
        "the dev server call to connect",
      );
      await s.notify("notifications/cancelled", { requestId: 61 });
      assert.ok((await s.request("ping", undefined, 62)).result);
      // The cancelled call's connection is dropped at once, not at its timeout.
      await withTimeout(
        (async () => {
          while (silent.connections() > 0) await sleep(20);
        })(),
        3000,
        "the cancelled call to drop its connection",
      );
      assert.deepEqual(s.allMessages.filter((m) => m.id === 61), [], "the cancelled call was answered");
      await endCleanly(s);
    } finally {
      await silent.close();
    }
  });
});
