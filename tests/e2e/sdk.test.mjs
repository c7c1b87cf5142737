// djust-mcp through the official MCP TypeScript SDK client, as Claude Code, Cursor and the
// Inspector would talk to it.

import { test, describe } from "node:test";
import assert from "node:assert/strict";

import AjvModule from "ajv/dist/2020.js";
import { LoggingMessageNotificationSchema, LATEST_PROTOCOL_VERSION as SDK_LATEST } from "@modelcontextprotocol/sdk/types.js";

import {
  binaryVersion,
  withClient,
  connectClient,
  assertRpcError,
  withTimeout,
  LATEST_PROTOCOL_VERSION,
} from "./helpers.mjs";

const Ajv2020 = AjvModule.default ?? AjvModule;

const KNOWLEDGE_TOOLS = ["get_framework_schema", "get_template_directives", "get_decorators", "get_best_practices"];
const SCHEMA_SECTIONS = [
  "meta",
  "directives",
  "decorators",
  "lifecycle",
  "class_attributes",
  "view_methods",
  "mixins",
  "routing",
  "data_attributes",
  "conventions",
  "checks",
];
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const TEST_TIMEOUT = { timeout: 20000 };

function newAjv() {
  // MCP schemas default to JSON Schema 2020-12; strict mode rejects unknown keywords.
  return new Ajv2020({ strict: true, strictTypes: false, allErrors: true });
}

async function listAllTools(client) {
  const tools = [];
  let cursor;
  do {
    const page = await client.listTools(cursor === undefined ? {} : { cursor });
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return tools;
}

function textOf(result) {
  assert.ok(Array.isArray(result.content) && result.content.length > 0, "result has no content");
  assert.equal(result.content[0].type, "text");
  return result.content[0].text;
}

/** Calls a tool that must succeed; checks structuredContent against outputSchema and the text block. */
async function callOk(client, tools, name, args) {
  const tool = tools.find((t) => t.name === name);
  assert.ok(tool, `tool ${name} is not listed`);
  const result = await client.callTool({ name, arguments: args });
  assert.notEqual(result.isError, true, `${name}(${JSON.stringify(args)}) failed: ${JSON.stringify(result.content)}`);
  assert.ok(result.structuredContent && typeof result.structuredContent === "object", `${name} gave no structuredContent`);
  const validate = newAjv().compile(tool.outputSchema);
  assert.ok(
    validate(result.structuredContent),
    `${name} structuredContent does not match its outputSchema: ${JSON.stringify(validate.errors)}`,
  );
  assert.deepEqual(JSON.parse(textOf(result)), result.structuredContent, "text block differs from structuredContent");
  return result.structuredContent;
}

async function callError(client, name, args) {
  const result = await client.callTool({ name, arguments: args });
  assert.equal(result.isError, true, `${name}(${JSON.stringify(args)}) should report isError: ${JSON.stringify(result)}`);
  return textOf(result);
}

describe("initialize through the SDK", () => {
  test("server identity, instructions and capabilities", TEST_TIMEOUT, async () => {
    const expectedVersion = binaryVersion();
    await withClient(async ({ client }) => {
      const info = client.getServerVersion();
      assert.equal(info.name, "djust-mcp");
      assert.equal(info.version, expectedVersion);
      assert.equal(typeof info.title, "string");
      assert.ok(info.title.length > 0, "serverInfo.title is empty");

      const instructions = client.getInstructions();
      assert.equal(typeof instructions, "string");
      assert.match(instructions, /get_framework_schema/);

      const caps = client.getServerCapabilities();
      for (const key of ["tools", "resources", "prompts", "logging", "completions"]) {
        assert.ok(caps[key] && typeof caps[key] === "object", `capability ${key} missing: ${JSON.stringify(caps)}`);
      }
    });
  });

  test("the SDK negotiates its latest protocol version", TEST_TIMEOUT, async () => {
    assert.equal(SDK_LATEST, LATEST_PROTOCOL_VERSION, "the pinned SDK's latest version changed; update the tests");
    await withClient(async ({ client, sent, received }) => {
      const request = sent.find((m) => m.method === "initialize");
      assert.equal(request?.params?.protocolVersion, SDK_LATEST);
      const reply = received.find((m) => m.id === request.id);
      assert.ok(reply?.result, `no initialize result: ${JSON.stringify(reply)}`);
      assert.equal(reply.result.protocolVersion, SDK_LATEST);
      assert.equal(reply.result.serverInfo.name, "djust-mcp");
      await client.ping();
    });
  });

  test("closing the client ends the server promptly (no SIGTERM needed)", TEST_TIMEOUT, async () => {
    const ctx = await connectClient();
    let closed = false;
    try {
      await ctx.client.ping();
      assert.deepEqual(ctx.errors.map(String), []);
      const elapsed = await ctx.close();
      closed = true;
      // The SDK transport waits up to 2 s for an exit after closing stdin before sending SIGTERM.
      assert.ok(elapsed < 1900, `the server took ${elapsed} ms to exit after stdin closed`);
    } finally {
      if (!closed) await ctx.close();
    }
  });
});

describe("tools/list", () => {
  test("lists the knowledge tools with complete, valid descriptors", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      const { tools, nextCursor } = await client.listTools();
      assert.equal(nextCursor, undefined, "default page size should hold every tool");
      const names = tools.map((t) => t.name);
      for (const name of KNOWLEDGE_TOOLS) assert.ok(names.includes(name), `${name} missing from ${names}`);
      assert.equal(new Set(names).size, names.length, "duplicate tool names");
      const ajv = newAjv();
      for (const tool of tools) {
        assert.match(tool.name, TOOL_NAME);
        assert.equal(typeof tool.title, "string", `${tool.name} has no title`);
        assert.ok(tool.title.length > 0);
        assert.equal(typeof tool.description, "string", `${tool.name} has no description`);
        assert.ok(tool.description.length > 20, `${tool.name} description is too short`);
        assert.equal(tool.inputSchema.type, "object", `${tool.name} inputSchema.type`);
        assert.doesNotThrow(() => ajv.compile(tool.inputSchema), `${tool.name} inputSchema does not compile`);
        assert.ok(tool.outputSchema, `${tool.name} has no outputSchema`);
        assert.equal(tool.outputSchema.type, "object");
        assert.doesNotThrow(() => ajv.compile(tool.outputSchema), `${tool.name} outputSchema does not compile`);
        assert.ok(tool.annotations, `${tool.name} has no annotations`);
        assert.equal(typeof tool.annotations.readOnlyHint, "boolean");
      }
      for (const name of KNOWLEDGE_TOOLS) {
        const tool = tools.find((t) => t.name === name);
        assert.equal(tool.annotations.readOnlyHint, true, `${name} readOnlyHint`);
        assert.equal(tool.annotations.destructiveHint, false, `${name} destructiveHint`);
      }
    });
  });

  test("pagination with --page-size 2 visits every tool exactly once", TEST_TIMEOUT, async () => {
    const all = await withClientResult({}, (c) => listAllTools(c));
    await withClient(
      async ({ client }) => {
        const first = await client.listTools();
        assert.equal(first.tools.length, Math.min(2, all.length));
        if (all.length > 2) assert.equal(typeof first.nextCursor, "string", "page 1 has no nextCursor");
        const paged = await listAllTools(client);
        assert.deepEqual(
          paged.map((t) => t.name),
          all.map((t) => t.name),
          "paged listing differs from the single-page listing",
        );
        // Resources page the same way.
        const resources = [];
        let cursor;
        let pages = 0;
        do {
          const page = await client.listResources(cursor === undefined ? {} : { cursor });
          assert.ok(page.resources.length <= 2);
          resources.push(...page.resources.map((r) => r.uri));
          cursor = page.nextCursor;
          pages++;
          assert.ok(pages < 100, "resources/list pagination does not end");
        } while (cursor !== undefined);
        assert.equal(new Set(resources).size, resources.length, "a resource appeared twice");
        assert.ok(resources.includes("djust://best-practices"));
      },
      { args: ["serve", "--page-size", "2"] },
    );
  });

  test("a bogus cursor is -32602", TEST_TIMEOUT, async () => {
    await withClient(
      async ({ client }) => {
        await assertRpcError(client.listTools({ cursor: "not-a-cursor" }), -32602);
        await assertRpcError(client.listTools({ cursor: "page:999999" }), -32602);
        await assertRpcError(client.listResources({ cursor: "bogus" }), -32602);
        await assertRpcError(client.listPrompts({ cursor: "bogus" }), -32602);
        await client.ping(); // still serving
      },
      { args: ["serve", "--page-size", "2"] },
    );
  });
});

async function withClientResult(options, fn) {
  let out;
  await withClient(async ({ client }) => {
    out = await fn(client);
  }, options);
  return out;
}

describe("knowledge tools", () => {
  test("get_framework_schema: an index of every section, then one section", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      const { tools } = await client.listTools();
      const index = await callOk(client, tools, "get_framework_schema", {});
      assert.equal(index.djust_version, "1.1.0");
      assert.equal(index.sections, undefined, "the default answer is an index, not the sections");
      assert.deepEqual(
        index.index.map((s) => s.section),
        SCHEMA_SECTIONS,
      );
      for (const entry of index.index) {
        assert.equal(entry.uri, `djust://schema/${entry.section}`);
        assert.ok(entry.title.length > 0, `section ${entry.section} has no title`);
      }
      assert.ok(index.index.find((s) => s.section === "mixins").names.includes("PresenceMixin"));
      const mixins = await callOk(client, tools, "get_framework_schema", { section: "mixins" });
      assert.equal(mixins.djust_version, "1.1.0");
      assert.deepEqual(Object.keys(mixins.sections), ["mixins"]);
      assert.equal(mixins.section, "mixins");
      assert.ok(mixins.sections.mixins.mixins.some((m) => m.name === "PresenceMixin"));
    });
  });

  test("get_template_directives: an index, by category, by attribute spelling", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      const { tools } = await client.listTools();
      const index = await callOk(client, tools, "get_template_directives", {});
      assert.equal(index.count, 66);
      assert.equal(index.djust_version, "1.1.0");
      const names = index.categories.flatMap((c) => c.directives);
      assert.equal(names.length, 66);
      assert.equal(new Set(names).size, names.length, "duplicate directive names");
      for (const n of ["dj-click", "dj-click-away", "dj-model", "dj-value-*"]) assert.ok(names.includes(n), `${n} missing`);
      assert.ok(index.template_markers.some((m) => m.name === "dj-root"));

      const events = [];
      for (let page = 1; page !== undefined; ) {
        const part = await callOk(client, tools, "get_template_directives", { category: "event", page });
        assert.equal(part.categories[0].count, 16);
        events.push(...part.directives);
        page = part.next_page;
      }
      assert.equal(events.length, 16);
      for (const d of events) assert.equal(d.category, "event", `${d.name} is not an event directive`);
      assert.ok(events.some((d) => d.name === "dj-click"));

      const lazy = await callOk(client, tools, "get_template_directives", { name: "dj-model.lazy" });
      assert.equal(lazy.count, 1);
      assert.deepEqual(
        lazy.directives.map((d) => d.name),
        ["dj-model"],
      );

      const value = await callOk(client, tools, "get_template_directives", { name: "dj-value-item-id:int" });
      assert.equal(value.count, 1);
      assert.deepEqual(
        value.directives.map((d) => d.name),
        ["dj-value-*"],
      );
    });
  });

  test("get_decorators: all, event_handler, on_mount", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      const { tools } = await client.listTools();
      const all = await callOk(client, tools, "get_decorators", {});
      assert.equal(all.count, all.decorators.length);
      assert.ok(all.count >= 2);
      const onMount = all.decorators.find((d) => d.name === "on_mount");
      assert.ok(onMount, "on_mount missing");
      assert.equal(onMount.import, "from djust.hooks import on_mount");
      assert.equal(onMount.module, undefined, "the index has one line per decorator, not its detail");

      const one = await callOk(client, tools, "get_decorators", { name: "event_handler" });
      assert.equal(one.count, 1);
      assert.equal(one.decorators[0].name, "event_handler");
      assert.equal(one.decorators[0].import, "from djust.decorators import event_handler");
      assert.equal(one.decorators[0].module, "djust.decorators");

      const hook = await callOk(client, tools, "get_decorators", { name: "on_mount" });
      assert.equal(hook.count, 1);
      assert.equal(hook.decorators[0].module, "djust.hooks");
    });
  });

  test("get_best_practices: all and section=security", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      const { tools } = await client.listTools();
      const index = await callOk(client, tools, "get_best_practices", {});
      assert.ok(index.index.length > 1);
      const entry = index.index.find((s) => s.section === "security");
      assert.ok(entry, `no security section in ${index.index.map((s) => s.section)}`);
      const security = await callOk(client, tools, "get_best_practices", { section: "security" });
      assert.equal(security.djust_version, "1.1.0");
      assert.equal(security.sections.length, 1);
      assert.equal(security.sections[0].id, "security");
      assert.equal(security.sections[0].title, entry.title);
      assert.deepEqual(
        security.sections[0].practices.map((p) => p.title),
        entry.practices,
      );
    });
  });
});

describe("tool errors", () => {
  test("an unknown tool is JSON-RPC error -32602", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      await assertRpcError(client.callTool({ name: "get_framework_shema", arguments: {} }), -32602);
      await assertRpcError(client.callTool({ name: "no_such_tool", arguments: {} }), -32602);
    });
  });

  test("an enum value outside the list is isError naming the argument and the valid values", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      const text = await callError(client, "get_template_directives", { category: "nope" });
      assert.match(text, /category/);
      assert.match(text, /\bevent\b/, `valid categories not listed: ${text}`);
    });
  });

  test("a wrong argument type is isError naming the argument and the valid values", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      const text = await callError(client, "get_framework_schema", { section: 5 });
      assert.match(text, /section/);
      assert.match(text, /string/, `expected type not named: ${text}`);
      for (const name of ["meta", "mixins", "checks"]) {
        assert.ok(text.includes(name), `valid section '${name}' not listed in: ${text}`);
      }
    });
  });

  test("an unknown extra property is isError naming it and the accepted ones", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      const text = await callError(client, "get_decorators", { name: "event_handler", colour: "blue" });
      assert.match(text, /colour/);
      assert.match(text, /\bname\b/);
    });
  });

  test("30,000-character strings and 10,000 repeated items are isError, not a crash (issue #19)", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      // handler_name and session_id have a pattern: std::regex once overflowed its stack on them.
      const long = "a".repeat(30000) + "!";
      const text = await callError(client, "eval_handler", { session_id: long, handler_name: long });
      assert.match(text, /argument `handler_name` must be at most 200 characters long/);
      assert.match(text, /argument `session_id` must be at most 200 characters long/);
      assert.doesNotMatch(text, /pattern/, "a string of the wrong length is not matched against the pattern");
      const audit = await callError(client, "run_audit", { app_label: long });
      assert.match(audit, /argument `app_label` must be at most 100 characters long/);
      // Within the length bound the pattern still applies.
      const pattern = await callError(client, "run_audit", { app_label: "shop; rm" });
      assert.match(pattern, /argument `app_label` must match the pattern/);
      // uniqueItems once compared every pair and listed each: 10,000 copies exhausted memory.
      const repeated = await callError(client, "scaffold_view", { name: "Items", features: Array(10000).fill("search") });
      assert.match(repeated, /argument `features\/1` duplicates item 0/);
      // The server is still there.
      assert.ok((await client.listTools()).tools.length > 0);
    });
  });

  test("a misspelt directive is isError suggesting the right one", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      const text = await callError(client, "get_template_directives", { name: "dj-clik" });
      assert.match(text, /dj-click/);
      const decorator = await callError(client, "get_decorators", { name: "event_handlr" });
      assert.match(decorator, /event_handler/);
    });
  });
});

describe("resources", () => {
  test("list and read the static resources", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      const { resources, nextCursor } = await client.listResources();
      assert.equal(nextCursor, undefined);
      const byUri = new Map(resources.map((r) => [r.uri, r]));
      for (const uri of ["djust://schema/directives", "djust://best-practices"]) {
        const r = byUri.get(uri);
        assert.ok(r, `${uri} not listed`);
        assert.equal(r.mimeType, "application/json");
        assert.equal(typeof r.name, "string");
        const read = await client.readResource({ uri });
        assert.equal(read.contents.length, 1);
        assert.equal(read.contents[0].uri, uri);
        assert.equal(read.contents[0].mimeType, "application/json");
        assert.doesNotThrow(() => JSON.parse(read.contents[0].text), `${uri} is not JSON`);
      }
      for (const name of SCHEMA_SECTIONS) assert.ok(byUri.has(`djust://schema/${name}`), `djust://schema/${name} missing`);
      const directives = JSON.parse((await client.readResource({ uri: "djust://schema/directives" })).contents[0].text);
      assert.equal(directives.page, 1);
      const rest = [];
      for (let page = 2; page <= directives.pages; page++) {
        const read = await client.readResource({ uri: `djust://schema/directives/page/${page}` });
        rest.push(...JSON.parse(read.contents[0].text).sections.directives.directives);
      }
      assert.equal(directives.sections.directives.directives.length + rest.length, 66);
    });
  });

  test("resource templates and reading through one", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      const { resourceTemplates } = await client.listResourceTemplates();
      const tmpl = resourceTemplates.find((t) => t.uriTemplate === "djust://schema/directives/{name}");
      assert.ok(tmpl, `template missing: ${JSON.stringify(resourceTemplates)}`);
      assert.equal(tmpl.mimeType, "application/json");
      const read = await client.readResource({ uri: "djust://schema/directives/dj-click" });
      assert.equal(read.contents[0].uri, "djust://schema/directives/dj-click");
      const directive = JSON.parse(read.contents[0].text);
      assert.equal(directive.name, "dj-click");
      const tmpl2 = resourceTemplates.find((t) => t.uriTemplate === "djust://best-practices/{section}");
      if (tmpl2) {
        const section = await client.readResource({ uri: "djust://best-practices/security" });
        assert.equal(JSON.parse(section.contents[0].text).id, "security");
      }
    });
  });

  test("an unknown resource is -32002", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      await assertRpcError(client.readResource({ uri: "djust://nope" }), -32002);
      await assertRpcError(client.readResource({ uri: "djust://schema/directives/dj-no-such-thing" }), -32002);
      await assertRpcError(client.readResource({ uri: "file:///etc/passwd" }), -32002);
    });
  });
});

describe("prompts and completion", () => {
  test("lists the prompts with their arguments", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      const { prompts } = await client.listPrompts();
      const byName = new Map(prompts.map((p) => [p.name, p]));
      for (const name of ["djust_workflow", "review_view", "use_directive"]) assert.ok(byName.has(name), `${name} missing`);
      const review = byName.get("review_view");
      const code = review.arguments.find((a) => a.name === "code");
      const focus = review.arguments.find((a) => a.name === "focus");
      assert.ok(code && focus, JSON.stringify(review.arguments));
      // `path` or `code`: neither alone is required.
      assert.deepEqual(
        review.arguments.map((a) => [a.name, a.required]),
        [
          ["path", false],
          ["focus", false],
          ["code", false],
        ],
      );
      const directive = byName.get("use_directive").arguments.find((a) => a.name === "directive");
      assert.equal(directive?.required, true);
    });
  });

  test("review_view embeds the code; a missing required argument is -32602", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      const code = "class CounterView(LiveView):\n    template_name = 'counter.html'  # marker-7f3a";
      const prompt = await client.getPrompt({ name: "review_view", arguments: { code, focus: "security" } });
      assert.ok(prompt.messages.length >= 1);
      const message = prompt.messages[0];
      assert.equal(message.role, "user");
      assert.equal(message.content.type, "text");
      assert.ok(message.content.text.includes(code), "the prompt does not contain the code");
      await assertRpcError(client.getPrompt({ name: "review_view", arguments: {} }), -32602);
      await assertRpcError(client.getPrompt({ name: "use_directive", arguments: {} }), -32602);
      await assertRpcError(client.getPrompt({ name: "no_such_prompt", arguments: {} }), -32602);
      const directive = await client.getPrompt({ name: "use_directive", arguments: { directive: "dj-click" } });
      assert.match(directive.messages[0].content.text, /dj-click/);
    });
  });

  test("completion of prompt arguments and resource template variables", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      const directives = await client.complete({
        ref: { type: "ref/prompt", name: "use_directive" },
        argument: { name: "directive", value: "dj-cl" },
      });
      const values = directives.completion.values;
      assert.ok(values.includes("dj-click"), JSON.stringify(values));
      assert.ok(values.includes("dj-click-away"), JSON.stringify(values));
      for (const v of values) assert.ok(v.startsWith("dj-cl"), `${v} does not start with dj-cl`);
      assert.ok(values.length <= 100);

      const focus = await client.complete({
        ref: { type: "ref/prompt", name: "review_view" },
        argument: { name: "focus", value: "sec" },
      });
      assert.deepEqual(focus.completion.values, ["security"]);

      const names = await client.complete({
        ref: { type: "ref/resource", uri: "djust://schema/directives/{name}" },
        argument: { name: "name", value: "dj-mo" },
      });
      assert.ok(names.completion.values.includes("dj-model"), JSON.stringify(names.completion.values));
      for (const v of names.completion.values) assert.ok(v.startsWith("dj-mo"), `${v} does not start with dj-mo`);
    });
  });
});

describe("logging", () => {
  test("setLoggingLevel(debug) makes tool calls produce notifications/message", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      const received = [];
      let notify;
      client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
        received.push(n.params);
        notify?.();
      });
      // Before any setLevel nothing is forwarded.
      await client.callTool({ name: "get_decorators", arguments: {} });
      await client.ping();
      assert.deepEqual(received, [], "log messages were sent before logging/setLevel");

      await client.setLoggingLevel("debug");
      const got = new Promise((resolve) => {
        notify = resolve;
        if (received.length > 0) resolve();
      });
      await client.callTool({ name: "get_decorators", arguments: { name: "event_handler" } });
      await withTimeout(got, 5000, "a notifications/message after a tool call");
      const levels = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"];
      for (const p of received) {
        assert.ok(levels.includes(p.level), `bad level ${p.level}`);
        assert.ok("data" in p);
      }

      // Raising the threshold stops debug messages.
      await client.setLoggingLevel("error");
      const before = received.length;
      await client.callTool({ name: "get_decorators", arguments: {} });
      await client.ping();
      assert.equal(
        received.slice(before).filter((p) => p.level === "debug").length,
        0,
        "debug messages sent at level error",
      );
    });
  });

  test("an unknown log level is -32602", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      await assertRpcError(client.setLoggingLevel("loud"), -32602);
    });
  });
});
