// The project's own API at scale, end to end through the official SDK client: the real binary
// against tests/fixtures/api_bulk (MODEL_COUNT models, each with a ModelAdmin and an admin action
// and two router ViewSets), copied to a temporary folder whose database the test creates. Under
// the default --api-tools auto its endpoint tools are far above the 8,000-token budget, so
// tools/list holds three gateway tools instead; --api-tools each lists every endpoint. One server
// per configuration.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { ListToolsResultSchema } from "@modelcontextprotocol/sdk/types.js";

import { connectClient, fixturePython, tempDir } from "./helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.resolve(here, "../fixtures/api_bulk");
const MODEL_COUNT = Number(/^MODEL_COUNT = (\d+)$/m.exec(fs.readFileSync(path.join(FIXTURE, "bulk/models.py"), "utf8"))[1]);
const PYTHON = fixturePython();
const T = { timeout: 60000 };
const BUDGET = 8000; // --api-budget's default
const GATEWAY = ["api_search_endpoints", "api_describe_endpoint", "api_call_endpoint"];
const isApiTool = (tool) => /^(api|admin)_/.test(tool.name);

let project;
let env;
const servers = [];
// What the gateway says the endpoint tools would cost, checked against what --api-tools each lists.
let gatewayReport;

// What one tool costs in tools/list, counted as djust-mcp counts it (tool_tokens in
// src/tools/api_tools.cpp): its name, description and inputSchema as compact JSON, 4 bytes a token.
function tokens(tool) {
  return Math.ceil(Buffer.byteLength(tool.name + tool.description + JSON.stringify(tool.inputSchema), "utf8") / 4);
}

async function server(...flags) {
  const ctx = await connectClient({ args: ["--project", project, "--python", PYTHON, "--admin", ...flags, "serve"], env });
  servers.push(ctx);
  return ctx;
}

// Every tool, page after page (the server pages long lists). Asked with client.request, which
// checks each page against the SDK's result schema: listTools() would also compile a validator
// for each of the 1,400 output schemas, seconds of CI time for calls this test does not make.
async function listAllTools(ctx) {
  const tools = [];
  let cursor;
  do {
    const params = cursor === undefined ? {} : { cursor };
    const page = await ctx.client.request({ method: "tools/list", params }, ListToolsResultSchema);
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return tools;
}

async function call(ctx, name, args = {}) {
  const result = await ctx.client.callTool({ name, arguments: args }, undefined, { timeout: 30000 });
  assert.equal(result.isError, undefined, JSON.stringify(result.content));
  return result.structuredContent;
}

let auto;
let each;

// The database is created while both servers discover the project (neither reads it to do that).
before(async () => {
  project = path.join(tempDir("api-scale-"), "project");
  fs.cpSync(FIXTURE, project, { recursive: true });
  env = { DJUST_API_DB: path.join(project, "db.sqlite3"), PYTHONDONTWRITEBYTECODE: "1" };
  const setup = promisify(execFile)(PYTHON, ["manage.py", "shell", "-c", "exec(open('setup_data.py').read())"], {
    cwd: project,
    env: { ...process.env, ...env },
  });
  [auto, each] = await Promise.all([server(), server("--api-tools", "each")]);
  await setup;
});

after(async () => {
  for (const ctx of servers) await ctx.close();
});

describe("--api-tools auto (the default), above the budget", () => {
  test("tools/list holds the three gateway tools and no endpoint tool, within the budget", T, async () => {
    const { tools, nextCursor } = await auto.client.listTools();
    assert.equal(nextCursor, undefined);
    const api = tools.filter(isApiTool);
    assert.deepEqual(api.map((t) => t.name), GATEWAY);
    const cost = api.reduce((sum, t) => sum + tokens(t), 0);
    assert.ok(cost <= BUDGET, `the gateway tools cost ${cost} tokens`);
    const report = /The project's API has (\d+) endpoint tools \(about (\d+) tokens of definitions\)/.exec(api[0].description);
    assert.ok(report, api[0].description);
    gatewayReport = { endpoints: Number(report[1]), tokens: Number(report[2]) };
    assert.ok(gatewayReport.tokens > BUDGET);
  });

  test("the gateway finds a bulk endpoint, describes it and calls it", T, async () => {
    const found = await call(auto, "api_search_endpoints", { query: "thing42 list", kind: "drf" });
    assert.deepEqual(found.endpoints.map((e) => e.name), ["api_thing42_list", "api_thing42_ro_list"]);
    assert.deepEqual(found.endpoints[0], {
      name: "api_thing42_list", title: "thing42: list (GET /api/bulk/thing42/)", method: "GET", path: "/api/bulk/thing42/", kind: "drf", writes: false,
    });
    const all = await call(auto, "api_search_endpoints", {});
    assert.equal(all.count, gatewayReport.endpoints);

    const described = await call(auto, "api_describe_endpoint", { name: "api_thing42_list" });
    // The ViewSet has no docstring of its own: DRF's is not passed off as the project's.
    assert.equal(described.description, "GET /api/bulk/thing42/: list of bulk.api.Thing42ViewSet. Permission: AllowAny.");
    assert.deepEqual(Object.keys(described.input_schema.properties).sort(), ["ordering", "search"]);
    assert.deepEqual(described.output_schema.properties.data.items.properties, {
      id: { type: "integer", title: "ID" },
      name: { type: "string", title: "Name" },
      price: { type: ["string", "number"], title: "Price" },
      when: { type: ["string", "null"], title: "When", description: "(a date, YYYY-MM-DD)" },
    });

    const searched = await call(auto, "api_call_endpoint", { name: "api_thing42_list", arguments: { search: "anv" } });
    assert.deepEqual(searched, { status: 200, data: [{ id: 1, name: "Anvil", price: "40.00", when: "2024-05-01" }] });
    const ordered = await call(auto, "api_call_endpoint", { name: "api_thing42_ro_list", arguments: { ordering: "price" } });
    assert.deepEqual(ordered.data.map((t) => t.name), ["Bolt", "Anvil"]);
  });
});

describe("--api-tools each on the same project", () => {
  test("lists one tool per endpoint: every action of the 200 ViewSets and every ModelAdmin's", T, async () => {
    const api = (await listAllTools(each)).filter(isApiTool);
    const expected = [];
    for (let i = 0; i < MODEL_COUNT; i++) {
      for (const action of ["list", "create", "retrieve", "update", "destroy"]) expected.push(`api_thing${i}_${action}`);
      for (const action of ["list", "retrieve"]) expected.push(`api_thing${i}_ro_${action}`);
      for (const verb of ["list", "retrieve", "add", "change", "delete", "delete_selected", "touch"]) expected.push(`admin_bulk_thing${i}_${verb}`);
    }
    // django.contrib.auth registers its User and Group admins on the same site.
    for (const model of ["group", "user"])
      for (const verb of ["list", "retrieve", "add", "change", "delete", "delete_selected"]) expected.push(`admin_auth_${model}_${verb}`);
    assert.deepEqual(api.map((t) => t.name).sort(), expected.sort());
    assert.equal(api.length, gatewayReport.endpoints);
    // What auto weighed against the budget is what these definitions cost.
    assert.equal(api.reduce((sum, t) => sum + tokens(t), 0), gatewayReport.tokens);
    const list = api.find((t) => t.name === "api_thing42_list");
    assert.deepEqual(Object.keys(list.outputSchema.properties.data.items.properties), ["id", "name", "price", "when"]);
  });
});
