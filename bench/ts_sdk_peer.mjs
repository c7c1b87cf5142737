// The peer of the HTTP benchmark: a minimal MCP server of the official TypeScript SDK
// (McpServer, StreamableHTTPServerTransport with sessions, on node:http) offering the same trivial
// tool as the conformance fixture server, test_simple_text. It imports the SDK from the e2e
// packages the test suite installs (build/tests/e2e/node_modules).
// Usage: node ts_sdk_peer.mjs NODE_MODULES_DIR   (prints "listening on http://127.0.0.1:PORT/mcp")

import http from "node:http";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";

const modules = process.argv[2];
const load = (file) => import(pathToFileURL(path.join(modules, file)).href);
const { McpServer } = await load("@modelcontextprotocol/sdk/dist/esm/server/mcp.js");
const { StreamableHTTPServerTransport } = await load("@modelcontextprotocol/sdk/dist/esm/server/streamableHttp.js");
const { isInitializeRequest } = await load("@modelcontextprotocol/sdk/dist/esm/types.js");
const { z } = await load("zod/index.js");

const MESSAGE = "This is a simple text response for testing.";

function newServer() {
  const server = new McpServer({ name: "ts-sdk-peer", version: "1.0.0" });
  server.registerTool(
    "test_simple_text",
    {
      title: "test_simple_text",
      description: "Returns a fixed message",
      inputSchema: {},
      outputSchema: { message: z.string() },
      annotations: { readOnlyHint: true },
    },
    async () => {
      const result = { message: MESSAGE };
      return { content: [{ type: "text", text: JSON.stringify(result) }], structuredContent: result };
    },
  );
  return server;
}

const transports = new Map();

async function readBody(req) {
  let data = "";
  for await (const chunk of req) data += chunk;
  return data ? JSON.parse(data) : undefined;
}

const httpServer = http.createServer(async (req, res) => {
  try {
    const sessionId = req.headers["mcp-session-id"];
    const body = req.method === "POST" ? await readBody(req) : undefined;
    let transport = sessionId ? transports.get(sessionId) : undefined;
    if (!transport && req.method === "POST" && isInitializeRequest(body)) {
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => transports.set(id, transport),
      });
      transport.onclose = () => transport.sessionId && transports.delete(transport.sessionId);
      await newServer().connect(transport);
    }
    if (!transport) {
      res.writeHead(400, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32000, message: "no session" } }));
      return;
    }
    await transport.handleRequest(req, res, body);
  } catch (error) {
    if (!res.headersSent) res.writeHead(500);
    res.end(String(error));
  }
});
httpServer.keepAliveTimeout = 60000;
httpServer.listen(0, "127.0.0.1", () => {
  console.error(`listening on http://127.0.0.1:${httpServer.address().port}/mcp`);
});
