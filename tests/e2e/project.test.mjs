// The project tools end to end: the real binary, over raw stdio, against the test Django project
// (tests/fixtures/project), whose settings and modules print to stdout on purpose. Nothing but
// JSON-RPC may reach our stdout; the project's prints go to the log on stderr.

import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { fixturePython, withClient, withRawServer } from "./helpers.mjs";

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

/**
 * A migrated copy of the test project (with the djust package beside it, as in tests/fixtures)
 * and an outside fixture, `outside.json`, whose row ("Outside", pk 100) must never be loaded.
 */
function seedSetUp(t) {
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "djust-mcp-seed-")));
  t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  fs.cpSync(path.dirname(PROJECT), path.join(tmp, "fixtures"), { recursive: true });
  const project = path.join(tmp, "fixtures", "project");
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", DJUST_FIXTURE_DB: path.join(tmp, "db.sqlite3") };
  const migrate = spawnSync(PYTHON, ["manage.py", "migrate", "--noinput"], { cwd: project, env, encoding: "utf8" });
  assert.equal(migrate.status, 0, migrate.stderr);
  const outside = path.join(tmp, "outside.json");
  fs.writeFileSync(outside, JSON.stringify([{ model: "shop.item", pk: 100, fields: { name: "Outside", price: 1 } }]));
  fs.mkdirSync(path.join(project, "fx"));
  const itemNames = () => {
    const query = "import json, sqlite3, sys; print(json.dumps([r[0] for r in sqlite3.connect(sys.argv[1]).execute('select name from shop_item order by id')]))";
    const out = spawnSync(PYTHON, ["-c", query, env.DJUST_FIXTURE_DB], { encoding: "utf8" });
    assert.equal(out.status, 0, out.stderr);
    return JSON.parse(out.stdout);
  };
  return { project, outside, env, itemNames, args: ["--project", project, "--python", PYTHON, "serve"] };
}

describe("seed_fixtures loads exactly the file it checked", () => {
  test("a name without its extension does not let loaddata pick a linked sibling", T, async (t) => {
    const { project, outside, env, itemNames, args } = seedSetUp(t);
    fs.writeFileSync(path.join(project, "fx", "items"), "");
    fs.symlinkSync(outside, path.join(project, "fx", "items.json"));
    await withClient(
      async ({ client }) => {
        const bare = await client.callTool({ name: "seed_fixtures", arguments: { fixture_paths: ["fx/items"] } });
        assert.equal(bare.isError, true, JSON.stringify(bare));
        assert.match(bare.content[0].text, /No fixture named 'items' found/);
        const linked = await client.callTool({ name: "seed_fixtures", arguments: { fixture_paths: ["fx/items.json"] } });
        assert.equal(linked.isError, true);
        assert.match(linked.content[0].text, /^Refused fixture 'fx\/items\.json': fx\/items\.json is outside /);
      },
      { args, env },
    );
    assert.deepEqual(itemNames(), []);
  });

  test("a link swapped in and out while it is loaded never loads the outside file", { timeout: 180000 }, async (t) => {
    const { project, outside, env, itemNames, args } = seedSetUp(t);
    const target = path.join(project, "fx", "race.json");
    const inside = JSON.stringify([{ model: "shop.item", pk: 1, fields: { name: "Inside", price: 2 } }]);
    fs.writeFileSync(target, inside);
    // Every millisecond or so, atomically: the inside file, then a link to the outside one.
    const swapper = spawn(PYTHON, [
      "-c",
      `import os, sys, time
target, outside, inside = sys.argv[1:]
spare = target + ".swap"
while True:
    with open(spare, "w") as f:
        f.write(inside)
    os.replace(spare, target)
    time.sleep(0.001)
    os.symlink(outside, spare)
    os.replace(spare, target)
    time.sleep(0.001)`,
      target,
      outside,
      inside,
    ]);
    const swapperExit = new Promise((resolve) => swapper.on("exit", resolve));
    let loaded = 0;
    let refused = 0;
    try {
      await withClient(
        async ({ client }) => {
          for (let i = 0; i < 300; ++i) {
            const result = await client.callTool({ name: "seed_fixtures", arguments: { fixture_paths: ["fx/race.json"] } });
            if (result.isError) {
              assert.match(result.content[0].text, /^Refused fixture 'fx\/race\.json': /);
              ++refused;
            } else {
              assert.equal(result.structuredContent.loaded_objects, 1);
              ++loaded;
            }
          }
        },
        { args, env },
      );
    } finally {
      swapper.kill(); // and wait, so that it writes nothing while the folder is removed
      await swapperExit;
    }
    t.diagnostic(`${loaded} calls loaded the inside file, ${refused} were refused`);
    assert.ok(loaded > 0 && refused > 0, `the race was not exercised: ${loaded} loaded, ${refused} refused`);
    assert.deepEqual(itemNames(), ["Inside"]);
  });
});
