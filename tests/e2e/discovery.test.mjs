// Live discovery through the SDK client, on the test project (tests/fixtures/project): views in a
// module with an unguessable name, handlers inherited from djust's mixins and from project bases
// with their origin, and a short name two classes share.

import { test, describe } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { fixturePython, withClient } from "./helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const PROJECT = path.resolve(here, "../fixtures/project");
const T = { timeout: 60000 };
const args = ["--project", PROJECT, "--python", fixturePython(), "serve"];

async function call(client, name, args = {}) {
  const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 30000 });
  return result;
}

describe("discovery of the project's views", () => {
  test("finds views in any module of an app, never tests, migrations, commands or excluded folders", T, async () => {
    await withClient(
      async ({ client }) => {
        const result = await call(client, "list_views");
        assert.equal(result.isError, undefined, JSON.stringify(result));
        const views = result.structuredContent.views;
        const classes = views.map((v) => v.class);
        // No URL routes to these and no module imports them.
        for (const expected of [
          "shop.forms_djust_example.ContactFormView",
          "shop.forms_djust_example.StatusView",
          "djust_blog.navbar_example.StatusView",
        ])
          assert.ok(classes.includes(expected), `${expected} missing from ${classes.join(", ")}`);
        // shop/tests.py, shop/management/commands/*.py and the excluded shop/legacy/ raise when
        // imported: an import error would name them.
        assert.deepEqual(result.structuredContent.import_errors, []);
      },
      { args },
    );
  });

  test("lists inherited handlers with their origin", T, async () => {
    await withClient(
      async ({ client }) => {
        const views = (await call(client, "list_views")).structuredContent.views;
        const contact = views.find((v) => v.class === "shop.forms_djust_example.ContactFormView");
        assert.deepEqual(contact.handlers, [
          { name: "submit_form", origin: "djust" },
          { name: "update_model", origin: "djust" },
          { name: "validate_field", origin: "djust" },
        ]);

        const schema = await call(client, "get_view_schema", { view_name: "djust_blog.navbar_example.StatusView" });
        assert.equal(schema.isError, undefined, JSON.stringify(schema));
        const handlers = schema.structuredContent.view.handlers.map((h) => [h.name, h.origin, h.defined_in]);
        assert.deepEqual(handlers, [
          ["dismiss", "project_base", "djust_blog.navbar_example.BlogStatusBase"],
          ["update_model", "djust", "djust.mixins.model_binding.ModelBindingMixin"],
        ]);
      },
      { args },
    );
  });

  test("a short name two classes share is an error naming both, suggested by dotted path; each path works", T, async () => {
    await withClient(
      async ({ client }) => {
        const ambiguous = await call(client, "get_view_schema", { view_name: "StatusView" });
        assert.equal(ambiguous.isError, true);
        assert.match(
          ambiguous.content[0].text,
          /'StatusView' matches 2 classes: djust_blog\.navbar_example\.StatusView, shop\.forms_djust_example\.StatusView\./,
        );
        // About the request, not the interpreter: no note on which Python runs the project.
        assert.doesNotMatch(ambiguous.content[0].text, /Interpreter:/);
        // A misspelling of the shared name suggests each class once, by its dotted path.
        const misspelled = await call(client, "get_view_schema", { view_name: "StatusVeiw" });
        assert.equal(misspelled.isError, true);
        assert.match(
          misspelled.content[0].text,
          /Did you mean 'djust_blog\.navbar_example\.StatusView' or 'shop\.forms_djust_example\.StatusView'[ ?]/,
        );
        assert.doesNotMatch(misspelled.content[0].text, /'StatusView'/);
        assert.doesNotMatch(misspelled.content[0].text, /Interpreter:/);
        for (const [dotted, handler] of [
          ["shop.forms_djust_example.StatusView", "refresh"],
          ["djust_blog.navbar_example.StatusView", "dismiss"],
        ]) {
          const one = await call(client, "get_view_schema", { view_name: dotted });
          assert.equal(one.isError, undefined, JSON.stringify(one));
          assert.equal(one.structuredContent.view.class, dotted);
          assert.ok(one.structuredContent.view.handlers.some((h) => h.name === handler));
        }
      },
      { args },
    );
  });

  test("a dotted path into a module discovery skips still works, and only for project code", T, async () => {
    await withClient(
      async ({ client }) => {
        // shop.legacy is excluded from discovery (and raises when imported): the path is tried, the
        // import fails, and the answer says the class is not known rather than crashing.
        const legacy = await call(client, "get_view_schema", { view_name: "shop.legacy.old_views.OldView" });
        assert.equal(legacy.isError, true);
        assert.match(legacy.content[0].text, /No LiveView or LiveComponent named 'shop\.legacy\.old_views\.OldView'/);
        // A module outside the project is never imported on request.
        const outside = await call(client, "get_view_schema", { view_name: "antigravity.Anything" });
        assert.equal(outside.isError, true);
        assert.match(outside.content[0].text, /No LiveView or LiveComponent named 'antigravity\.Anything'/);
      },
      { args },
    );
  });
});
