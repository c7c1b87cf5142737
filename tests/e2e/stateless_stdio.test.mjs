// The stateless revision (2026-07-28) over stdio, as raw JSON lines (SDK 1.x has no client for
// it): server/discover answered for real, _meta on each request, resultType on results, and an
// initialize-era client on the same binary unaffected.

import { test, describe } from "node:test";
import assert from "node:assert/strict";

import { withRawServer, LATEST_PROTOCOL_VERSION } from "./helpers.mjs";

const T = { timeout: 15000 };
const MODERN = "2026-07-28";
const meta = (version = MODERN) => ({
  "io.modelcontextprotocol/protocolVersion": version,
  "io.modelcontextprotocol/clientCapabilities": {},
  "io.modelcontextprotocol/clientInfo": { name: "raw", version: "0" },
});

describe("2026-07-28 on stdio", () => {
  test("a dual-era client's server/discover probe gets a DiscoverResult", T, async () => {
    await withRawServer(async (s) => {
      await s.send({ jsonrpc: "2.0", id: "d", method: "server/discover", params: { _meta: meta() } });
      const reply = await s.next(2000, "the discover reply");
      assert.equal(reply.id, "d");
      assert.equal(reply.result.resultType, "complete");
      assert.ok(reply.result.supportedVersions.includes(MODERN));
      assert.ok(reply.result.supportedVersions.includes(LATEST_PROTOCOL_VERSION));
      assert.equal(reply.result._meta["io.modelcontextprotocol/serverInfo"].name, "djust-mcp");
      assert.equal(reply.result.cacheScope, "public");
    });
  });

  test("tools are listed and called without initialize", T, async () => {
    await withRawServer(async (s) => {
      await s.send({ jsonrpc: "2.0", id: 1, method: "tools/list", params: { _meta: meta() } });
      const list = (await s.next()).result;
      assert.equal(list.resultType, "complete");
      assert.ok(list.tools.some((t) => t.name === "get_decorators"));
      assert.ok(Number.isInteger(list.ttlMs) && list.ttlMs >= 0);
      await s.send({
        jsonrpc: "2.0",
        id: 2,
        method: "tools/call",
        params: { name: "get_decorators", arguments: { name: "event_handler" }, _meta: meta() },
      });
      const call = await s.next(10000, "the tools/call reply");
      assert.equal(call.id, 2);
      assert.equal(call.result.resultType, "complete");
      assert.ok(call.result.structuredContent);
    });
  });

  test("an unsupported version is -32022 listing the supported ones; ping is gone", T, async () => {
    await withRawServer(async (s) => {
      await s.send({ jsonrpc: "2.0", id: 1, method: "tools/list", params: { _meta: meta("2099-01-01") } });
      const reply = await s.next();
      assert.equal(reply.error.code, -32022);
      assert.deepEqual(reply.error.data.requested, "2099-01-01");
      assert.ok(reply.error.data.supported.includes(MODERN));
      await s.send({ jsonrpc: "2.0", id: 2, method: "ping", params: { _meta: meta() } });
      assert.equal((await s.next()).error.code, -32601);
    });
  });
});
