// djust-mcp spoken to byte by byte over stdio, without the SDK: JSON-RPC framing, error codes,
// version negotiation, batches, large messages, cancellation and shutdown.
// Every test also asserts that each stdout line was a JSON message (withRawServer does it).

import { test, describe } from "node:test";
import assert from "node:assert/strict";

import { RawServer, withRawServer, withTimeout, PROTOCOL_VERSIONS, LATEST_PROTOCOL_VERSION } from "./helpers.mjs";

const T = { timeout: 15000 };

/** Asserts a JSON-RPC error reply with exactly the keys jsonrpc, id, error{code, message, data?}. */
function assertError(reply, id, code) {
  assert.deepEqual(Object.keys(reply).sort(), ["error", "id", "jsonrpc"], `not an error reply: ${JSON.stringify(reply)}`);
  assert.equal(reply.jsonrpc, "2.0");
  assert.deepEqual(reply.id, id, `wrong id in ${JSON.stringify(reply)}`);
  assert.equal(reply.error.code, code, `wrong code in ${JSON.stringify(reply)}`);
  assert.equal(typeof reply.error.message, "string");
  assert.ok(reply.error.message.length > 0);
  for (const key of Object.keys(reply.error)) assert.ok(["code", "message", "data"].includes(key), `extra error key ${key}`);
}

function assertResult(reply, id) {
  assert.deepEqual(Object.keys(reply).sort(), ["id", "jsonrpc", "result"], `not a result reply: ${JSON.stringify(reply)}`);
  assert.equal(reply.jsonrpc, "2.0");
  assert.deepEqual(reply.id, id);
  return reply.result;
}

describe("framing and JSON-RPC errors", () => {
  test("not JSON is -32700 with id null", T, async () => {
    await withRawServer(async (s) => {
      await s.send("not json");
      assertError(await s.next(), null, -32700);
      await s.send('{"jsonrpc":"2.0","id":1,"method":"ping"'); // truncated
      assertError(await s.next(), null, -32700);
    });
  });

  test("invalid UTF-8 is -32700 with id null", T, async () => {
    await withRawServer(async (s) => {
      await s.send(Buffer.from([0x7b, 0xff, 0x7d, 0x0a]), { newline: false });
      assertError(await s.next(), null, -32700);
      // A syntactically valid request with an invalid byte inside a string.
      const bytes = Buffer.concat([
        Buffer.from('{"jsonrpc":"2.0","id":2,"method":"ping","params":{"_meta":{"x":"'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('"}}}\n'),
      ]);
      await s.send(bytes, { newline: false });
      assertError(await s.next(), null, -32700);
      // Still serving.
      assertResult(await s.request("ping", undefined, 3), 3);
    });
  });

  test("messages that are not request objects are -32600", T, async () => {
    await withRawServer(async (s) => {
      await s.initialize();
      await s.send("42");
      assertError(await s.next(), null, -32600);
      await s.send('"ping"');
      assertError(await s.next(), null, -32600);
      await s.send('{"jsonrpc":"2.0"}');
      assertError(await s.next(), null, -32600);
      await s.send('{"jsonrpc":"1.0","id":1,"method":"ping"}');
      assertError(await s.next(), 1, -32600);
      await s.send('{"id":2,"method":"ping"}');
      assertError(await s.next(), 2, -32600);
      await s.send('{"jsonrpc":"2.0","id":3,"method":5}');
      assertError(await s.next(), 3, -32600);
    });
  });

  test("ids that are null, fractional or boolean are -32600 with id null", T, async () => {
    await withRawServer(async (s) => {
      await s.initialize();
      for (const id of ["null", "1.5", "true", '{"a":1}', "[1]"]) {
        await s.send(`{"jsonrpc":"2.0","id":${id},"method":"ping"}`);
        const reply = await s.next(2000, `the reply to a ping with id ${id}`);
        assertError(reply, null, -32600);
      }
    });
  });

  test("string and integer ids are echoed exactly; ping is {}", T, async () => {
    await withRawServer(async (s) => {
      await s.initialize();
      for (const id of ["abc", "", "ü-😀-1", 0, -5, 7, 9007199254740991, "9007199254740993"]) {
        await s.send({ jsonrpc: "2.0", id, method: "ping" });
        const reply = await s.next(2000, `the ping reply for id ${JSON.stringify(id)}`);
        assert.deepEqual(reply, { jsonrpc: "2.0", id, result: {} });
      }
      // A large integer id, compared as text so no precision is lost in JS.
      await s.send('{"jsonrpc":"2.0","id":12345678901234567,"method":"ping"}');
      await s.next(2000, "the reply for a large id");
      assert.match(s.rawLines.at(-1), /"id":12345678901234567[,}]/);
    });
  });

  test("an unknown method is -32601 with its id", T, async () => {
    await withRawServer(async (s) => {
      await s.initialize();
      await s.send('{"jsonrpc":"2.0","id":7,"method":"no/such/method"}');
      assertError(await s.next(), 7, -32601);
      await s.send('{"jsonrpc":"2.0","id":"x","method":"tools/lisst","params":{}}');
      assertError(await s.next(), "x", -32601);
    });
  });

  test("server/discover without the stateless _meta is answered at once with -32602, before any initialize", T, async () => {
    await withRawServer(async (s) => {
      await s.send({ jsonrpc: "2.0", id: 1, method: "server/discover", params: {} });
      const reply = await s.next(2000, "the server/discover reply");
      assertError(reply, 1, -32602);
      assert.ok(reply.error.data.supported.includes(LATEST_PROTOCOL_VERSION));
      // The client then falls back to initialize, which must still work.
      const result = await s.initialize();
      assert.equal(result.protocolVersion, LATEST_PROTOCOL_VERSION);
    });
  });

  test("notifications and client responses produce no output at all", T, async () => {
    await withRawServer(async (s) => {
      await s.send({
        jsonrpc: "2.0",
        id: 0,
        method: "initialize",
        params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
      });
      assertResult(await s.next(), 0);
      await s.notify("notifications/initialized");
      await s.notify("notifications/initialized"); // a repeat is still only a notification
      await s.notify("notifications/no_such_notification", { x: 1 });
      await s.notify("no/such/method");
      await s.send('{"jsonrpc":"2.0","method":"notifications/progress","params":[1]}');
      await s.send('{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"not-in-flight"}}');
      await s.send('{"jsonrpc":"2.0","method":"notifications/cancelled"}');
      await s.send('{"jsonrpc":"2.0","method":"logging/setLevel","params":{"level":"loud"}}');
      await s.send('{"jsonrpc":"2.0","id":55,"result":{}}'); // a response to nothing
      await s.send('{"jsonrpc":"2.0","id":56,"error":{"code":-1,"message":"x"}}');
      await s.send("");
      await s.send('{"jsonrpc":"2.0","id":"p","method":"ping"}');
      assert.deepEqual(await s.next(2000, "the ping reply"), { jsonrpc: "2.0", id: "p", result: {} });
      assert.equal(s.messages.length, 0, `unexpected extra output: ${JSON.stringify(s.messages)}`);
    });
  });

  test("params that are not an object are -32602", T, async () => {
    await withRawServer(async (s) => {
      await s.initialize();
      await s.send('{"jsonrpc":"2.0","id":5,"method":"ping","params":[1]}');
      assertError(await s.next(), 5, -32602);
      await s.send('{"jsonrpc":"2.0","id":6,"method":"tools/list","params":"x"}');
      assertError(await s.next(), 6, -32602);
    });
  });

  test("a final message without a trailing newline is processed at EOF", T, async () => {
    const s = new RawServer();
    try {
      await s.initialize();
      await s.send('{"jsonrpc":"2.0","id":"last","method":"ping"}', { newline: false });
      s.child.stdin.end();
      assert.deepEqual(await s.next(3000, "the reply to the unterminated ping"), {
        jsonrpc: "2.0",
        id: "last",
        result: {},
      });
      const { code, signal } = await withTimeout(s.exit, 3000, "exit");
      assert.equal(signal, null);
      assert.equal(code, 0);
      s.assertStdoutClean();
    } finally {
      await s.kill();
    }
  });

  test("CRLF line endings are accepted", T, async () => {
    await withRawServer(async (s) => {
      await s.send('{"jsonrpc":"2.0","id":1,"method":"ping"}\r\n', { newline: false });
      assert.deepEqual(await s.next(), { jsonrpc: "2.0", id: 1, result: {} });
    });
  });

  test("many requests in one write are all answered", T, async () => {
    await withRawServer(async (s) => {
      await s.initialize();
      const n = 200;
      const lines = [];
      for (let i = 0; i < n; i++) lines.push(JSON.stringify({ jsonrpc: "2.0", id: i, method: "ping" }));
      await s.send(lines.join("\n"));
      const ids = new Set();
      for (let i = 0; i < n; i++) {
        const reply = await s.next(5000, `ping reply ${i}`);
        assert.deepEqual(reply.result, {});
        ids.add(reply.id);
      }
      assert.equal(ids.size, n);
    });
  });
});

describe("lifecycle", () => {
  for (const version of PROTOCOL_VERSIONS) {
    test(`protocol version ${version} is echoed`, T, async () => {
      await withRawServer(async (s) => {
        const result = await s.initialize(version);
        assert.equal(result.protocolVersion, version);
        assert.equal(result.serverInfo.name, "djust-mcp");
        assert.equal(typeof result.serverInfo.version, "string");
        for (const key of ["tools", "resources", "prompts", "logging"]) assert.ok(result.capabilities[key], key);
        if (version >= "2025-03-26") assert.ok(result.capabilities.completions, "completions capability");
        assert.match(result.instructions, /get_framework_schema/);
        // Tools are listed in the shape of the negotiated version.
        const tools = (await s.request("tools/list", {})).result.tools;
        assert.ok(tools.length >= 4);
        for (const tool of tools) {
          assert.equal(tool.inputSchema.type, "object");
          if (version >= "2025-06-18") assert.ok(tool.outputSchema, `${tool.name} outputSchema`);
          else assert.equal(tool.outputSchema, undefined, `${tool.name} has outputSchema under ${version}`);
        }
        const call = (await s.request("tools/call", { name: "get_decorators", arguments: { name: "event_handler" } }))
          .result;
        assert.notEqual(call.isError, true);
        if (version >= "2025-06-18") assert.ok(call.structuredContent, "structuredContent missing");
        else assert.equal(call.structuredContent, undefined, `structuredContent under ${version}`);
        assert.equal(JSON.parse(call.content[0].text).decorators[0].name, "event_handler");
      });
    });
  }

  test("an unknown protocol version gets the latest", T, async () => {
    await withRawServer(async (s) => {
      const result = await s.initialize("1999-01-01");
      assert.equal(result.protocolVersion, LATEST_PROTOCOL_VERSION);
    });
  });

  test("a second initialize is -32600", T, async () => {
    await withRawServer(async (s) => {
      await s.initialize("2025-06-18");
      const again = await s.request(
        "initialize",
        { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "x", version: "1" } },
        "again",
      );
      assertError(again, "again", -32600);
      // The first negotiation stands.
      const tools = (await s.request("tools/list", {})).result.tools;
      assert.ok(tools.every((t) => t.outputSchema));
    });
  });

  test("initialize without protocolVersion is -32602", T, async () => {
    await withRawServer(async (s) => {
      const reply = await s.request("initialize", { capabilities: {}, clientInfo: { name: "x", version: "1" } }, 1);
      assertError(reply, 1, -32602);
      const reply2 = await s.request("initialize", { protocolVersion: 20250618, capabilities: {} }, 2);
      assertError(reply2, 2, -32602);
      // A correct initialize still works afterwards.
      const result = await s.initialize("2025-06-18");
      assert.equal(result.protocolVersion, "2025-06-18");
    });
  });

  test("closing stdin ends the process with status 0 within 2 s", T, async () => {
    const s = new RawServer();
    try {
      await s.initialize();
      assertResult(await s.request("ping", undefined, 1), 1);
      const started = Date.now();
      const { code, signal } = await s.closeStdin(2000);
      assert.ok(Date.now() - started < 2000);
      assert.equal(signal, null);
      assert.equal(code, 0);
      s.assertStdoutClean();
    } finally {
      await s.kill();
    }
  });

  test("closing stdin before anything was sent ends the process with status 0", T, async () => {
    const s = new RawServer();
    try {
      const { code, signal } = await s.closeStdin(2000);
      assert.equal(signal, null);
      assert.equal(code, 0);
      assert.deepEqual(s.allMessages, []);
      s.assertStdoutClean();
    } finally {
      await s.kill();
    }
  });

  test("SIGTERM ends the process with status 0 within 2 s", T, async () => {
    const s = new RawServer();
    try {
      await s.initialize();
      assertResult(await s.request("ping", undefined, 1), 1);
      s.child.kill("SIGTERM");
      const { code, signal } = await withTimeout(s.exit, 2000, "exit after SIGTERM");
      assert.equal(signal, null, "the server died of the signal instead of exiting");
      assert.equal(code, 0);
      s.assertStdoutClean();
    } finally {
      await s.kill();
    }
  });
});

describe("batches", () => {
  const batch = [
    { jsonrpc: "2.0", id: 1, method: "ping" },
    { jsonrpc: "2.0", method: "notifications/initialized" },
    { jsonrpc: "2.0", id: "two", method: "ping" },
  ];

  test("a batch before initialize is -32600 with id null", T, async () => {
    await withRawServer(async (s) => {
      await s.send("[1,2]");
      assertError(await s.next(), null, -32600);
      await s.send(batch);
      assertError(await s.next(), null, -32600);
    });
  });

  test("a batch under 2025-06-18 is -32600 with id null", T, async () => {
    await withRawServer(async (s) => {
      await s.initialize("2025-06-18");
      await s.send(batch);
      assertError(await s.next(), null, -32600);
      await s.send("[1,2]");
      assertError(await s.next(), null, -32600);
    });
  });

  test("a batch under 2025-11-25 is -32600 with id null", T, async () => {
    await withRawServer(async (s) => {
      await s.initialize("2025-11-25");
      await s.send(batch);
      assertError(await s.next(), null, -32600);
    });
  });

  test("under 2025-03-26 a batch gets one array reply with one response per request", T, async () => {
    await withRawServer(async (s) => {
      await s.initialize("2025-03-26");
      await s.send(batch);
      const reply = await s.next();
      assert.ok(Array.isArray(reply), `not an array: ${JSON.stringify(reply)}`);
      assert.equal(reply.length, 2);
      const byId = new Map(reply.map((r) => [r.id, r]));
      assert.deepEqual(byId.get(1), { jsonrpc: "2.0", id: 1, result: {} });
      assert.deepEqual(byId.get("two"), { jsonrpc: "2.0", id: "two", result: {} });

      // A tools/call inside a batch is answered inside the array.
      await s.send([
        { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "get_decorators", arguments: { name: "on_mount" } } },
        { jsonrpc: "2.0", id: 4, method: "no/such" },
      ]);
      const mixed = await s.next();
      assert.ok(Array.isArray(mixed));
      assert.equal(mixed.length, 2);
      const call = mixed.find((r) => r.id === 3);
      assert.notEqual(call.result.isError, true);
      assert.equal(JSON.parse(call.result.content[0].text).decorators[0].module, "djust.hooks");
      assertError(
        mixed.find((r) => r.id === 4),
        4,
        -32601,
      );

      // A batch of notifications only gets no reply at all.
      await s.send([{ jsonrpc: "2.0", method: "notifications/initialized" }]);
      await s.send({ jsonrpc: "2.0", id: "after", method: "ping" });
      assert.deepEqual(await s.next(), { jsonrpc: "2.0", id: "after", result: {} });

      // Invalid members are answered individually.
      await s.send("[1,2]");
      const invalid = await s.next();
      assert.ok(Array.isArray(invalid), JSON.stringify(invalid));
      assert.equal(invalid.length, 2);
      for (const r of invalid) assertError(r, null, -32600);
    });
  });

  test("an empty batch under 2025-03-26 is -32600", T, async () => {
    await withRawServer(async (s) => {
      await s.initialize("2025-03-26");
      await s.send("[]");
      assertError(await s.next(), null, -32600);
    });
  });
});

describe("lists and progress", () => {
  test("a complete list has no nextCursor key at all (never null)", T, async () => {
    await withRawServer(async (s) => {
      await s.initialize();
      for (const [method, key] of [
        ["tools/list", "tools"],
        ["resources/list", "resources"],
        ["resources/templates/list", "resourceTemplates"],
        ["prompts/list", "prompts"],
      ]) {
        const result = assertResult(await s.request(method, {}, method), method);
        assert.ok(Array.isArray(result[key]) && result[key].length > 0, `${method} is empty`);
        assert.ok(!("nextCursor" in result), `${method} carries nextCursor: ${JSON.stringify(result.nextCursor)}`);
      }
    });
  });

  test("the last page has no nextCursor key with --page-size 2", T, async () => {
    await withRawServer(
      async (s) => {
        await s.initialize();
        let cursor;
        const names = [];
        for (let page = 0; page < 50; page++) {
          const result = assertResult(await s.request("tools/list", cursor ? { cursor } : {}, `p${page}`), `p${page}`);
          names.push(...result.tools.map((t) => t.name));
          if (!("nextCursor" in result)) break;
          assert.equal(typeof result.nextCursor, "string", `nextCursor: ${JSON.stringify(result.nextCursor)}`);
          cursor = result.nextCursor;
        }
        assert.equal(new Set(names).size, names.length);
        assert.ok(names.includes("get_best_practices"));
      },
      ["--log-level", "debug", "serve", "--page-size", "2"],
    );
  });

  test("progress notifications, if any, carry the token and increase", T, async () => {
    await withRawServer(async (s) => {
      await s.initialize();
      const reply = await s.request(
        "tools/call",
        { name: "get_framework_schema", arguments: {}, _meta: { progressToken: "tok-1" } },
        "prog",
      );
      assert.notEqual(assertResult(reply, "prog").isError, true);
      await s.request("ping", undefined, "after");
      const progress = s.allMessages.filter((m) => m.method === "notifications/progress");
      let last = -Infinity;
      for (const p of progress) {
        assert.equal(p.params.progressToken, "tok-1");
        assert.equal(typeof p.params.progress, "number");
        assert.ok(p.params.progress > last, "progress did not increase");
        last = p.params.progress;
        if (p.params.total !== undefined) assert.ok(p.params.progress <= p.params.total);
      }
      // Progress for a request comes before its reply.
      const replyIndex = s.allMessages.findIndex((m) => m.id === "prog");
      for (const p of progress) assert.ok(s.allMessages.indexOf(p) < replyIndex, "progress after the final reply");
    });
  });
});

describe("tools/call shape", () => {
  test("without name, with a non-string name, or with non-object arguments is -32602", T, async () => {
    await withRawServer(async (s) => {
      await s.initialize();
      assertError(await s.request("tools/call", { arguments: {} }, 1), 1, -32602);
      assertError(await s.request("tools/call", { name: 5 }, 2), 2, -32602);
      assertError(await s.request("tools/call", { name: "get_decorators", arguments: [1] }, 3), 3, -32602);
      assertError(await s.request("tools/call", { name: "get_decorators", arguments: "name=x" }, 4), 4, -32602);
      assertError(await s.request("tools/call", { name: "nope", arguments: {} }, 5), 5, -32602);
    });
  });

  test("omitted arguments mean {}", T, async () => {
    await withRawServer(async (s) => {
      await s.initialize();
      const result = assertResult(await s.request("tools/call", { name: "get_best_practices" }, 1), 1);
      assert.notEqual(result.isError, true);
      assert.ok(result.structuredContent.index.length > 0);
    });
  });

  test("logging/setLevel with an unknown level is -32602", T, async () => {
    await withRawServer(async (s) => {
      await s.initialize();
      assertError(await s.request("logging/setLevel", { level: "loud" }, 1), 1, -32602);
      assertError(await s.request("logging/setLevel", {}, 2), 2, -32602);
      assert.deepEqual(assertResult(await s.request("logging/setLevel", { level: "warning" }, 3), 3), {});
    });
  });
});

describe("large messages", () => {
  const TEN_MB = 10 * 1024 * 1024;

  test("a 10 MB tool argument is an isError result, not a crash", { timeout: 30000 }, async () => {
    await withRawServer(async (s) => {
      await s.initialize();
      const request = {
        jsonrpc: "2.0",
        id: "big",
        method: "tools/call",
        params: { name: "get_template_directives", arguments: { name: "d".repeat(TEN_MB) } },
      };
      await s.send(request);
      const reply = await s.waitFor((m) => m.id === "big", 20000, "the reply to the 10 MB call");
      const result = assertResult(reply, "big");
      assert.equal(result.isError, true, JSON.stringify(result).slice(0, 500));
      assert.match(result.content[0].text, /name/);
      assert.ok(JSON.stringify(reply).length < 100000, "the error echoes the huge argument back");
      assertResult(await s.request("ping", undefined, "alive"), "alive");
    });
  });

  test("a 10 MB ping (padding in params._meta) gets {}", { timeout: 30000 }, async () => {
    await withRawServer(async (s) => {
      await s.initialize();
      await s.send({ jsonrpc: "2.0", id: 10, method: "ping", params: { _meta: { padding: "x".repeat(TEN_MB) } } });
      const reply = await s.waitFor((m) => m.id === 10, 20000, "the reply to the 10 MB ping");
      assert.deepEqual(reply, { jsonrpc: "2.0", id: 10, result: {} });
      assertResult(await s.request("ping", undefined, 11), 11);
    });
  });
});

test("a message over the 64 MB limit is refused without killing the server", { timeout: 30000 }, async () => {
  await withRawServer(async (s) => {
    await s.initialize();
    const huge = `{"jsonrpc":"2.0","id":"huge","method":"ping","params":{"_meta":{"p":"${"y".repeat(70 * 1024 * 1024)}"}}}`;
    await s.send(huge);
    const reply = await s.waitFor((m) => m.error || m.id === "huge", 20000, "a reply to the 70 MB message");
    // Either processed or refused as a parse error; never a crash.
    if (reply.error) assertError(reply, null, -32700);
    else assert.deepEqual(reply, { jsonrpc: "2.0", id: "huge", result: {} });
    assertResult(await s.request("ping", undefined, "alive"), "alive");
  });
});

describe("cancellation", () => {
  test("a cancelled call leaves the server serving; any late reply is well-formed", T, async () => {
    await withRawServer(async (s) => {
      await s.initialize();
      // Both lines in one write, so the cancel reaches the server while the call is queued or running.
      const call = { jsonrpc: "2.0", id: 99, method: "tools/call", params: { name: "get_framework_schema", arguments: {} } };
      const cancel = { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 99, reason: "test" } };
      await s.send(`${JSON.stringify(call)}\n${JSON.stringify(cancel)}`);
      const pong = await s.request("ping", undefined, 100);
      assertResult(pong, 100);
      // Give a late reply for 99 the chance to show up (not synchronisation: only an observation window).
      await new Promise((resolve) => setTimeout(resolve, 300));
      const replies = s.allMessages.filter((m) => m.id === 99);
      assert.ok(replies.length <= 1, "request 99 was answered twice");
      if (replies.length === 1) {
        const result = assertResult(replies[0], 99);
        assert.notEqual(result.isError, true);
        assert.equal(result.structuredContent.djust_version, "1.1.0");
        assert.deepEqual(JSON.parse(result.content[0].text), result.structuredContent);
      }
      // And the same kind of call, not cancelled, is answered.
      const after = await s.request("tools/call", { name: "get_framework_schema", arguments: { section: "meta" } }, 101);
      assert.equal(assertResult(after, 101).structuredContent.djust_version, "1.1.0");
    });
  });

  test("cancelling an unknown or finished request changes nothing", T, async () => {
    await withRawServer(async (s) => {
      await s.initialize();
      const first = await s.request("tools/call", { name: "get_decorators", arguments: {} }, 1);
      assertResult(first, 1);
      await s.notify("notifications/cancelled", { requestId: 1 });
      await s.notify("notifications/cancelled", { requestId: "never-sent" });
      // The id of a finished request may be reused, and is answered.
      const again = await s.request("tools/call", { name: "get_decorators", arguments: {} }, 1);
      assertResult(again, 1);
      assert.deepEqual(again.result, first.result);
    });
  });
});

describe("stdout hygiene", () => {
  test("with debug logging on stderr, stdout still carries only JSON-RPC messages", T, async () => {
    await withRawServer(
      async (s) => {
        await s.initialize();
        await s.request("logging/setLevel", { level: "debug" }, "lvl");
        await s.request("tools/call", { name: "get_template_directives", arguments: { category: "nope" } }, "bad");
        await s.request("tools/call", { name: "get_framework_schema", arguments: {} }, "good");
        await s.send("garbage");
        await s.waitFor((m) => m.error?.code === -32700, 3000, "the parse error");
        await s.request("ping", undefined, "end");
        for (const m of s.allMessages) {
          assert.equal(m.jsonrpc ?? (Array.isArray(m) ? "2.0" : undefined), "2.0", `not JSON-RPC: ${JSON.stringify(m).slice(0, 200)}`);
          const isResponse = "id" in m && ("result" in m || "error" in m);
          const isNotification = typeof m.method === "string" && !("id" in m);
          assert.ok(isResponse || isNotification, `neither response nor notification: ${JSON.stringify(m).slice(0, 200)}`);
          if (isNotification) assert.ok(["notifications/message", "notifications/progress"].includes(m.method), m.method);
        }
        assert.ok(s.allMessages.some((m) => m.method === "notifications/message"), "no log notification after setLevel debug");
      },
      ["--log-level", "debug"],
    );
  });
});
