// What real clients do with the server's answers and prompts, through the official SDK client:
// every default answer and every resource fits what a client hands to the model, and prompts
// survive Claude Code's slash commands, which split the typed text on spaces.

import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import AjvModule from "ajv/dist/2020.js";

import { withClient, withRawServer, fixturePython, assertRpcError } from "./helpers.mjs";

const Ajv2020 = AjvModule.default ?? AjvModule;
const here = path.dirname(fileURLToPath(import.meta.url));
const PROJECT = path.resolve(here, "../fixtures/project");
const T = { timeout: 120000 };

// The budget from issue 13: at most 24 KB of JSON per answer, and its text and structuredContent
// together at most 10,000 tokens at 4 bytes a token. Claude Code's own limit is 25,000 tokens.
const MAX_ANSWER_BYTES = 24 * 1024;
const MAX_MODEL_TOKENS = 10000;
const BYTES_PER_TOKEN = 4;

// An unused loopback port: the dev-server tools fail at once instead of finding a stray server.
const NO_DEV_SERVER = ["--dev-server", "http://127.0.0.1:9"];

const bytes = (value) => Buffer.byteLength(typeof value === "string" ? value : JSON.stringify(value), "utf8");

/** Fails when a tool result is over the budget; returns its sizes for the message of the caller. */
function assertAnswerFits(what, result) {
  const whole = bytes(result);
  const text = (result.content ?? []).filter((b) => b.type === "text").reduce((n, b) => n + bytes(b.text), 0);
  const structured = result.structuredContent === undefined ? 0 : bytes(result.structuredContent);
  const tokens = (text + structured) / BYTES_PER_TOKEN;
  assert.ok(whole <= MAX_ANSWER_BYTES, `${what}: ${whole} bytes of JSON, over ${MAX_ANSWER_BYTES}`);
  assert.ok(tokens <= MAX_MODEL_TOKENS, `${what}: text + structuredContent ~${tokens} tokens, over ${MAX_MODEL_TOKENS}`);
}

/** A value for a required argument: the smallest valid one the schema allows. */
function smallestValue(name, schema) {
  const known = {
    code: "x = 1\n",
    name: "Cart",
    handler_name: "save",
    template_path: "templates/shop/counter.html",
    view_name: "CounterView",
    session_id: "s1",
  };
  if (schema.enum) return schema.enum[0];
  if (schema.type === "array") return [smallestValue(name, schema.items ?? { type: "string" })];
  if (schema.type === "integer" || schema.type === "number") return schema.minimum ?? 0;
  if (schema.type === "boolean") return false;
  if (schema.type === "object") return {};
  return known[name] ?? "does-not-exist.json";
}

function defaultArguments(tool) {
  const args = {};
  for (const name of tool.inputSchema.required ?? []) args[name] = smallestValue(name, tool.inputSchema.properties[name]);
  return args;
}

async function listAll(client, method, key) {
  const items = [];
  let cursor;
  do {
    const page = await client[method](cursor === undefined ? {} : { cursor });
    items.push(...page[key]);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return items;
}

/** Calls every tool with its default (or smallest required) arguments and checks each answer's size. */
async function walkTools(client) {
  const tools = await listAll(client, "listTools", "tools");
  const answers = new Map();
  for (const tool of tools) {
    const args = defaultArguments(tool);
    const result = await client.callTool({ name: tool.name, arguments: args }, undefined, { timeout: 60000 });
    assertAnswerFits(`${tool.name}(${JSON.stringify(args)})`, result);
    if (!result.isError) {
      const validate = new Ajv2020({ strict: false }).compile(tool.outputSchema);
      assert.ok(validate(result.structuredContent), `${tool.name}: ${JSON.stringify(validate.errors)}`);
      assert.deepEqual(JSON.parse(result.content[0].text), result.structuredContent);
    }
    answers.set(tool.name, result);
  }
  return answers;
}

/** The arguments Claude Code 2.1 sends for `/mcp__SERVER__PROMPT typed`: the typed text split on
 *  whitespace, one word per declared argument in order, words past the last argument dropped
 *  (its getPromptForCommand: zipObject(argNames, text.trim().split(/\s+/))). */
function claudeCodeArguments(prompt, typed) {
  const words = typed.trim() ? typed.trim().split(/\s+/) : [];
  const args = {};
  (prompt.arguments ?? []).forEach((argument, i) => {
    if (words[i] !== undefined) args[argument.name] = words[i];
  });
  return args;
}

describe("answers sized for a context window", () => {
  test("every tool's default answer fits, without a project", T, async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "djust-fit-"));
    try {
      await withClient(
        async ({ client }) => {
          const answers = await walkTools(client);
          const schema = answers.get("get_framework_schema").structuredContent;
          assert.ok(Array.isArray(schema.index), "get_framework_schema without arguments is an index");
          assert.equal(answers.get("list_views").isError, true, "no project: list_views reports it");
        },
        { args: [...NO_DEV_SERVER, "serve"], cwd: empty },
      );
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  test("every tool's default answer fits, on the fixture project", T, async () => {
    await withClient(
      async ({ client }) => {
        const answers = await walkTools(client);
        assert.notEqual(answers.get("list_views").isError, true, JSON.stringify(answers.get("list_views").content));
        assert.notEqual(answers.get("list_routes").isError, true, JSON.stringify(answers.get("list_routes").content));
      },
      { args: ["--project", PROJECT, "--python", fixturePython(), ...NO_DEV_SERVER, "serve"] },
    );
  });

  test("the index names each section's detail; every page of every section fits and links the others", T, async () => {
    await withClient(async ({ client }) => {
      const index = (await client.callTool({ name: "get_framework_schema", arguments: {} })).structuredContent;
      const checks = index.index.find((s) => s.section === "checks");
      assert.equal(checks.uri, "djust://schema/checks");
      assert.ok(checks.names.includes("djust.V001"));
      assert.ok(checks.pages > 1, "the checks (45 KB) take more than one page");
      for (const entry of index.index) {
        const seen = [];
        for (let page = 1; page <= entry.pages; page++) {
          const result = await client.callTool({ name: "get_framework_schema", arguments: { section: entry.section, page } });
          assertAnswerFits(`${entry.section} page ${page}`, result);
          const answer = result.structuredContent;
          assert.equal(answer.page, page);
          assert.equal(answer.pages, entry.pages);
          assert.equal(answer.next_page, page < entry.pages ? page + 1 : undefined);
          const links = result.content.filter((b) => b.type === "resource_link").map((b) => b.uri);
          assert.equal(links.length, entry.pages - 1, `${entry.section} page ${page} links the other pages`);
          const content = answer.sections[entry.section];
          for (const value of Object.values(content)) {
            if (Array.isArray(value) && typeof value[0] === "object") seen.push(...value);
          }
        }
        if (entry.names) {
          // A name two entries share (mount of LiveView and of LiveComponent) says which classes each is for.
          const base = (e) => e.name ?? e.id ?? e.suffix;
          const shared = (e) => seen.filter((other) => base(other) === base(e)).length > 1;
          const indexName = (e) => (shared(e) && e.applies_to ? `${base(e)} (${e.applies_to.join(", ")})` : base(e));
          const names = seen.map(indexName).filter((n) => entry.names.includes(n));
          assert.deepEqual(names, entry.names, `${entry.section}: the pages hold every entry once, in order`);
        }
      }
      const past = await client.callTool({ name: "get_framework_schema", arguments: { section: "checks", page: 99 } });
      assert.equal(past.isError, true);
      assert.match(past.content[0].text, /has \d+ pages; pass a page from 1 to \d+/);
    });
  });

  test("the other knowledge tools: an index first, the detail by name, section or category", T, async () => {
    await withClient(async ({ client }) => {
      const directives = (await client.callTool({ name: "get_template_directives", arguments: {} })).structuredContent;
      assert.equal(directives.directives, undefined);
      assert.ok(directives.categories.find((c) => c.name === "event").directives.includes("dj-click"));
      let page = 1;
      let events = [];
      for (;;) {
        const result = await client.callTool({ name: "get_template_directives", arguments: { category: "event", page } });
        assertAnswerFits(`event directives page ${page}`, result);
        events.push(...result.structuredContent.directives);
        if (!result.structuredContent.next_page) break;
        page = result.structuredContent.next_page;
      }
      assert.ok(page > 1, "the event directives (15 KB) take more than one page");
      assert.deepEqual(
        events.map((d) => d.name),
        directives.categories.find((c) => c.name === "event").directives,
      );

      const decorators = (await client.callTool({ name: "get_decorators", arguments: {} })).structuredContent;
      const debounce = decorators.decorators.find((d) => d.name === "debounce");
      assert.deepEqual(Object.keys(debounce).sort(), ["import", "name", "signature", "since", "summary"]);
      const full = (await client.callTool({ name: "get_decorators", arguments: { name: "debounce" } })).structuredContent;
      assert.ok(full.decorators[0].params, "the detail has the parameters");

      const practices = await client.callTool({ name: "get_best_practices", arguments: {} });
      const security = practices.structuredContent.index.find((s) => s.section === "security");
      assert.equal(security.uri, "djust://best-practices/security");
      assert.ok(
        practices.content.some((b) => b.type === "resource_link" && b.uri === "djust://best-practices/security"),
        "the index links each section's resource",
      );
      const section = await client.callTool({ name: "get_best_practices", arguments: { section: "security" } });
      assertAnswerFits("best practices: security", section);
      assert.equal(section.structuredContent.sections[0].practices.length, security.practices.length);
    });
  });

  test("every resource and every page of the resource templates fits", T, async () => {
    await withClient(async ({ client }) => {
      const uris = (await listAll(client, "listResources", "resources")).map((r) => r.uri);
      const index = JSON.parse((await client.readResource({ uri: "djust://schema" })).contents[0].text);
      for (const entry of index.index) {
        for (let page = 2; page <= entry.pages; page++) uris.push(`djust://schema/${entry.section}/page/${page}`);
      }
      const directives = await client.complete({
        ref: { type: "ref/resource", uri: "djust://schema/directives/{name}" },
        argument: { name: "name", value: "" },
      });
      for (const name of directives.completion.values) uris.push(`djust://schema/directives/${name}`);
      const practices = JSON.parse((await client.readResource({ uri: "djust://best-practices" })).contents[0].text);
      for (const section of practices.index) uris.push(section.uri);

      const templates = (await listAll(client, "listResourceTemplates", "resourceTemplates")).map((t) => t.uriTemplate);
      assert.deepEqual(templates.sort(), [
        "djust://best-practices/{section}",
        "djust://schema/directives/{name}",
        "djust://schema/{section}/page/{page}",
      ]);
      assert.ok(uris.includes("djust://schema/checks/page/2"));
      for (const uri of uris) {
        const read = await client.readResource({ uri });
        assert.equal(read.contents.length, 1);
        const size = bytes(read.contents[0].text);
        assert.ok(size <= MAX_ANSWER_BYTES, `${uri}: ${size} bytes, over ${MAX_ANSWER_BYTES}`);
      }
      await assertRpcError(client.readResource({ uri: "djust://schema/checks/page/99" }), -32002);
      await assertRpcError(client.readResource({ uri: "djust://schema/checks/page/0" }), -32002);
    });
  });

  test("the instructions and the workflow prompt teach the index-then-detail use", T, async () => {
    await withClient(async ({ client }) => {
      assert.match(client.getInstructions(), /without arguments the knowledge tools return a short index/);
      const prompt = await client.getPrompt({ name: "djust_workflow", arguments: {} });
      assert.match(prompt.messages[0].content.text, /Called without arguments each returns a short index/);
    });
  });
});

describe("list tools on a large project come in parts", () => {
  test("list_views, list_routes and run_audit on 300 views: each part fits, and offset gives the rest", T, async () => {
    const top = fs.mkdtempSync(path.join(os.tmpdir(), "djust-big-"));
    const root = path.join(top, "project");
    try {
      fs.cpSync(PROJECT, root, { recursive: true });
      // manage.py finds the stand-in djust package beside the project.
      fs.symlinkSync(path.resolve(PROJECT, "../djust_compat"), path.join(top, "djust_compat"));
      const views = [];
      const routes = [];
      for (let i = 0; i < 300; i++) {
        views.push(
          `class GeneratedView${i}(LiveView):\n    template_name = "shop/counter.html"\n\n` +
            `    @event_handler\n    def increment(self, amount: int = 1, **kwargs):\n        pass\n`,
        );
        routes.push(`    path("generated/${i}/", live.GeneratedView${i}.as_view(), name="generated-${i}"),`);
      }
      fs.appendFileSync(
        path.join(root, "shop/live.py"),
        "\n\nfrom djust.decorators import event_handler\n\n\n" + views.join("\n\n"),
      );
      fs.appendFileSync(
        path.join(root, "fixture_project/urls.py"),
        `\nfrom shop import live\n\nurlpatterns += [\n${routes.join("\n")}\n]\n`,
      );
      await withClient(
        async ({ client }) => {
          const lists = [
            { name: "list_views", key: "views", id: (v) => v.class, total: (a) => a.count },
            { name: "list_routes", key: "routes", id: (r) => r.pattern, total: (a) => a.count },
            { name: "run_audit", key: "audits", id: (a) => a.class, total: (a) => a.summary.views + a.summary.components },
          ];
          for (const { name, key, id, total: totalOf } of lists) {
            const seen = new Set();
            let offset = 0;
            let total;
            for (let part = 0; ; part++) {
              assert.ok(part < 100, "the parts end");
              const args = offset ? { offset } : {};
              const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 60000 });
              assert.notEqual(result.isError, true, JSON.stringify(result.content));
              assertAnswerFits(`${name}(${JSON.stringify(args)})`, result);
              const answer = result.structuredContent;
              total = totalOf(answer);
              for (const item of answer[key]) seen.add(id(item));
              if (answer.next_offset === undefined) {
                assert.equal(answer.more, undefined);
                break;
              }
              const left = total - answer.next_offset;
              assert.match(answer.more, new RegExp(`^${left} more ${key}: call again with offset=${answer.next_offset}`));
              offset = answer.next_offset;
            }
            assert.ok(total > 300, `${name}: ${total}`);
            assert.ok(offset > 0, `${name} came in more than one part`);
            assert.equal(seen.size, total, `${name}: every entry once`);
          }
          const past = await client.callTool({ name: "list_views", arguments: { offset: 100000 } });
          assert.equal(past.isError, true);
          assert.match(past.content[0].text, /^offset 100000 is past the end: there are \d+ views\.$/);
        },
        { args: ["--project", root, "--python", fixturePython(), "serve"] },
      );
    } finally {
      fs.rmSync(top, { recursive: true, force: true });
    }
  });
});

describe("prompts survive Claude Code's slash commands", () => {
  test("/mcp__djust__djust_workflow add a search box: the whole task arrives", T, async () => {
    await withClient(async ({ client }) => {
      const prompts = await listAll(client, "listPrompts", "prompts");
      const workflow = prompts.find((p) => p.name === "djust_workflow");
      const typed = "add a search box to the product list, with a debounce of 300 ms";
      const args = claudeCodeArguments(workflow, typed);
      assert.equal(args.task, "add", "Claude Code puts one word in each argument");
      const prompt = await client.getPrompt({ name: "djust_workflow", arguments: args });
      assert.match(prompt.messages[0].content.text, /Task: add a search box to the product list, with a debounce of 300 ms\n/);
      const defaulted = await client.getPrompt({ name: "djust_workflow", arguments: claudeCodeArguments(workflow, "") });
      assert.match(defaulted.messages[0].content.text, /Task: the next change to this djust project\n/);
    });
  });

  test("/mcp__djust__review_view shop/live.py security reads the file from the project", T, async () => {
    await withClient(
      async ({ client }) => {
        const prompts = await listAll(client, "listPrompts", "prompts");
        const review = prompts.find((p) => p.name === "review_view");
        assert.equal(review.arguments.at(-1).name, "code", "the free-text argument comes last");
        const prompt = await client.getPrompt({
          name: "review_view",
          arguments: claudeCodeArguments(review, "shop/live.py security"),
        });
        const text = prompt.messages[0].content.text;
        assert.match(text, /^Review this djust view \(shop\/live\.py\) \(focus: security\)/);
        assert.ok(text.includes(fs.readFileSync(path.join(PROJECT, "shop/live.py"), "utf8")), "the file's source is in the prompt");
        // validate_view is asked to check the code as that file, with the rest of the project.
        assert.match(text, /Run validate_view on the code with filename "shop\/live\.py"/);

        await assertRpcError(
          client.getPrompt({ name: "review_view", arguments: claudeCodeArguments(review, "../../../etc/passwd") }),
          -32602,
          /Refused path '\.\.\/\.\.\/\.\.\/etc\/passwd'.*inside the project folder/,
        );
        await assertRpcError(
          client.getPrompt({ name: "review_view", arguments: claudeCodeArguments(review, "templates/shop/counter.html") }),
          -32602,
          /is not a Python file/,
        );
        await assertRpcError(client.getPrompt({ name: "review_view", arguments: {} }), -32602, /either `path`.*or `code`/);
      },
      { args: ["--project", PROJECT, "serve"] },
    );
  });

  test("review_view with code: backticks in the code cannot close the fence", T, async () => {
    await withClient(async ({ client }) => {
      const code = 'DOC = """\n```\nnot the end of the code\n````\n"""\n';
      const prompt = await client.getPrompt({ name: "review_view", arguments: { code } });
      const text = prompt.messages[0].content.text;
      assert.ok(text.endsWith("`````python\n" + code + "\n`````"), text.slice(-200));
    });
  });
});

describe("small defects", () => {
  test("eval_handler's params is a JSON object, and a refusal names that type", T, async () => {
    await withClient(async ({ client }) => {
      const tools = await listAll(client, "listTools", "tools");
      const params = tools.find((t) => t.name === "eval_handler").inputSchema.properties.params;
      assert.equal(params.type, "object", "Inspector 0.15 parses a tool-arg as JSON only for type object");
      const result = await client.callTool({
        name: "eval_handler",
        arguments: { session_id: "s1", handler_name: "set", params: '{"value": 3}' },
      });
      assert.equal(result.isError, true);
      assert.match(result.content[0].text, /argument `params` must be of type object, not string/);
      assert.match(result.content[0].text, /params \(object\)/);
      assert.doesNotMatch(result.content[0].text, /\(any\)/);
    });
  });

  test("a missing required argument is said in plain English", T, async () => {
    await withClient(async ({ client }) => {
      const result = await client.callTool({ name: "get_view_schema", arguments: {} });
      assert.equal(result.isError, true);
      assert.match(result.content[0].text, /: the arguments object is missing the required property "view_name"\./);
    });
  });

  test("no log notification once the client has closed stdin", T, async () => {
    await withRawServer(
      async (server) => {
        await server.initialize();
        assert.ok((await server.request("logging/setLevel", { level: "debug" })).result);
        await server.request("tools/call", { name: "get_decorators", arguments: { name: "debounce" } });
        const before = server.allMessages.length;
        await server.closeStdin();
        await server.closed;
        const after = server.allMessages.slice(before);
        assert.deepEqual(after, [], "messages sent after stdin closed");
        assert.match(server.stderr, /client closed the connection/, "the log still goes to stderr");
      },
      ["--log-level", "debug", "serve"],
    );
  });
});
