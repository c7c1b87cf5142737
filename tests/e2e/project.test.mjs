// The project tools end to end: the real binary, over raw stdio, against the test Django project
// (tests/fixtures/project), whose settings and modules print to stdout on purpose. Nothing but
// JSON-RPC may reach our stdout; the project's prints go to the log on stderr.

import { test, describe } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { fixturePython, withRawServer } from "./helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const PROJECT = path.resolve(here, "../fixtures/project");
const T = { timeout: 60000 };

const PYTHON = fixturePython();
const ARGS = ["--log-level", "debug", "--project", PROJECT, "--python", PYTHON, "serve"];

async function callTool(server, name, args = {}) {
  const reply = await server.request("tools/call", { name, arguments: args }, undefined, 30000);
  assert.ok(reply.result, `tools/call ${name} failed: ${JSON.stringify(reply)}`);
  return reply.result;
}

describe("project tools over stdio", () => {
  test("answer from the project while its prints stay off stdout", T, async () => {
    await withRawServer(async (server) => {
      await server.initialize();
      const views = await callTool(server, "list_views");
      assert.equal(views.isError, undefined, JSON.stringify(views));
      assert.ok(views.structuredContent.views.some((v) => v.name === "CounterView"));
      assert.deepEqual(JSON.parse(views.content[0].text), views.structuredContent);

      const checks = await callTool(server, "run_system_checks", { category: "liveview" });
      assert.ok(checks.structuredContent.checks.some((c) => c.id === "djust.V007"));
      const schema = await callTool(server, "get_view_schema", { view_name: "CounterView" });
      assert.equal(schema.structuredContent.view.class, "shop.views.CounterView");

      const stdout = server.rawLines.join("\n");
      assert.ok(!stdout.includes("fixture settings loaded"), "the project's print reached stdout");
      assert.ok(!stdout.includes("shop.live imported"), "the project's print reached stdout");
      assert.match(server.stderr, /fixture settings loaded/, "the project's output should reach the debug log");
    }, ARGS);
  });

  test("a project that does not load is a tool error; the server and other tools carry on", T, async () => {
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", DJANGO_SETTINGS_MODULE: "fixture_project.settings_broken" };
    await withRawServer(
      async (server) => {
        await server.initialize();
        const views = await callTool(server, "list_views");
        assert.equal(views.isError, true);
        assert.match(views.content[0].text, /No module named 'a_package_that_is_not_installed'/);
        const decorators = await callTool(server, "get_decorators", { name: "debounce" });
        assert.equal(decorators.isError, undefined);
        assert.equal((await server.request("ping", undefined)).result !== undefined, true);
      },
      ARGS,
      { env },
    );
  });
});
