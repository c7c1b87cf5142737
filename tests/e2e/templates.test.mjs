// Templates as first-class lint input and the view<->template links, as users see them: the CLI
// on a template alone (the project is read to find its views), output formats and template noqa,
// and find_handlers_for_template through the MCP SDK, its path confined to the project.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { BIN, withClient } from "./helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const PROJECT = path.resolve(here, "../fixtures/linked_project");
const LIST = "tasks/templates/tasks/list.html";
const TYPO =
  "tasks/templates/tasks/list.html:5:19: DJ105 no event handler 'delete_taks' on TaskListView; " +
  "did you mean 'delete_task'?";

// --no-cache: the fixture is part of the source tree, which the suite must leave as it found it.
function validate(args) {
  const result = spawnSync(BIN, ["validate", "--no-cache", ...args], {
    cwd: PROJECT,
    encoding: "utf8",
    timeout: 30000,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
  });
  assert.equal(result.error, undefined, `could not run djust-mcp: ${result.error}`);
  return result;
}

test("a template named alone is linked to the view in another app module that renders it", () => {
  const r = validate([LIST]);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stdout.split("\n")[0], TYPO);
  // The {# noqa: DJ105 #} line, the handler inherited from tasks/base.py and the one called from
  // the included row are not reported.
  assert.doesNotMatch(r.stdout, /archive_all|clear_done|toggle_done/);
});

test("the whole project checks clean once the typo is ignored, and JSON carries rule ids and positions", () => {
  const clean = validate([".", "--ignore", "DJ105"]);
  assert.equal(clean.status, 0, clean.stdout + clean.stderr);
  const r = validate([".", "--format", "json"]);
  assert.equal(r.status, 1);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(
    report.findings.map((f) => [f.path, f.id, f.severity, f.line, f.column, f.end_column]),
    [[LIST, "DJ105", "error", 5, 19, 30]],
  );
});

test("info rules on templates are off until selected: DJ106 names the handler no template mentions", () => {
  const r = validate([".", "--extend-select", "DJ106"]);
  assert.equal(r.status, 1);
  // archive_all is only silenced for DJ105; delete_task is mentioned nowhere but in the typo.
  assert.match(r.stdout, /tasks\/views\.py:17:9: DJ106 event handler 'delete_task' is not referenced by TaskListView's templates/);
});

test("find_handlers_for_template reports the template's calls, its view and what is missing", async () => {
  await withClient(
    async ({ client }) => {
      const result = await client.callTool({ name: "find_handlers_for_template", arguments: { template_path: LIST } });
      assert.equal(result.isError, undefined, JSON.stringify(result.content));
      const data = result.structuredContent;
      assert.equal(data.template, LIST);
      assert.deepEqual(data.names, ["tasks/list.html"]);
      assert.deepEqual(
        data.handlers.map((h) => h.name),
        ["add_task", "delete_taks", "clear_done", "archive_all"],
      );
      assert.equal(data.views.length, 1);
      const view = data.views[0];
      assert.equal(view.class, "TaskListView");
      assert.equal(view.file, "tasks/views.py");
      assert.equal(view.kind, "LiveView");
      assert.deepEqual(view.handlers, ["add_task", "clear_done", "delete_task", "toggle_done", "update_model"]);
      assert.deepEqual(view.missing_handlers, ["archive_all", "delete_taks"]);
      assert.deepEqual(view.unreferenced_handlers, ["delete_task"]);
      // The page: template_name, then what it includes and extends (the layout from settings DIRS).
      assert.deepEqual(view.templates, [LIST, "tasks/templates/tasks/row.html", "frontend/layout.html"]);
      assert.deepEqual(data.missing_handlers, ["archive_all", "delete_taks"]);
    },
    { args: ["--project", PROJECT] },
  );
});

test("find_handlers_for_template refuses paths outside the project and files that are not templates", async () => {
  await withClient(
    async ({ client }) => {
      for (const template_path of ["../../../../etc/passwd", "/etc/hostname", "tasks/views.py"]) {
        const result = await client.callTool({ name: "find_handlers_for_template", arguments: { template_path } });
        assert.equal(result.isError, true, template_path);
        assert.match(result.content[0].text, /Refused template_path|is not a template file/);
      }
    },
    { args: ["--project", PROJECT] },
  );
});

test("find_handlers_for_template without a Django project says how to point at one", async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), "djust-no-project-"));
  await withClient(
    async ({ client }) => {
      const result = await client.callTool({
        name: "find_handlers_for_template",
        arguments: { template_path: "templates/page.html" },
      });
      assert.equal(result.isError, true);
      assert.match(result.content[0].text, /manage\.py/);
      assert.match(result.content[0].text, /--project/);
    },
    { args: ["--project", empty] },
  );
});
