// Facts corrected against djust 1.1.0 (issue #17), asked for the way a model asks: by name, through
// the MCP SDK client. Each answer carries the corrected statement and not the old one.

import { test } from "node:test";
import assert from "node:assert/strict";

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { fixturePython, withClient } from "./helpers.mjs";

const TEST_TIMEOUT = { timeout: 20000 };

async function call(client, name, args) {
  const result = await client.callTool({ name, arguments: args });
  assert.notEqual(result.isError, true, `${name}(${JSON.stringify(args)}) failed: ${JSON.stringify(result.content)}`);
  return result.structuredContent;
}

async function directive(client, name) {
  const answer = await call(client, "get_template_directives", { name });
  assert.equal(answer.directives.length, 1, `${name} resolves to one directive`);
  return answer.directives[0];
}

test("dj-keydown / dj-keyup: the key filter goes in the value", TEST_TIMEOUT, async () => {
  await withClient(async ({ client }) => {
    const keydown = await directive(client, "dj-keydown");
    assert.equal(keydown.value_kind, "handler_key");
    assert.deepEqual(keydown.modifiers, []);
    assert.equal(keydown.example, '<input type="text" name="message" dj-keydown="send_message.enter">');
    assert.match(keydown.description, /dj-keydown="send\.enter"/);
    for (const field of ["summary", "value", "example"]) assert.doesNotMatch(keydown[field], /dj-keydown\.enter/, field);

    // A lookup spelt the old way still finds dj-keydown, whose answer says why that spelling is dead.
    const spelt = await directive(client, "dj-keydown.enter");
    assert.equal(spelt.name, "dj-keydown");
    assert.match(spelt.description, /never looks for/);

    const keyup = await directive(client, "dj-keyup");
    assert.equal(keyup.example, '<input type="text" name="filter" dj-keyup="reset_filter.escape">');
    const force = await directive(client, "dj-force-value");
    assert.match(force.example, /dj-keydown="send_message\.enter"/);
  });
});

test("dj-upload-progress is marked inert; dj-navigate needs no live_session()", TEST_TIMEOUT, async () => {
  await withClient(async ({ client }) => {
    const progress = await directive(client, "dj-upload-progress");
    assert.equal(progress.inert.reason, "the djust 1.1 client never reads it");
    assert.match(progress.inert.use_instead, /djust:upload:progress/);
    const navigate = await directive(client, "dj-navigate");
    assert.match(navigate.description, /no live_session\(\) is needed/);
    assert.doesNotMatch(navigate.description, /must be declared there/);
  });
});

test("@debounce and @throttle say they have no effect and point to the attributes", TEST_TIMEOUT, async () => {
  await withClient(async ({ client }) => {
    for (const [name, attribute] of [
      ["debounce", "dj-debounce"],
      ["throttle", "dj-throttle"],
    ]) {
      const answer = await call(client, "get_decorators", { name });
      const [decorator] = answer.decorators;
      assert.match(decorator.description, /has no effect/, name);
      assert.ok(decorator.description.includes(`${attribute}="`), `${name} points to ${attribute}`);
    }
  });
});

test("dj-view and dj-root are found by name, as template markers", TEST_TIMEOUT, async () => {
  await withClient(async ({ client }) => {
    for (const name of ["dj-view", "dj-root", "root"]) {
      const answer = await call(client, "get_template_directives", { name });
      assert.equal(answer.count, 0, `${name} is not a directive`);
      assert.deepEqual(answer.directives, []);
      assert.equal(answer.template_markers.length, 1, name);
      assert.equal(answer.template_markers[0].name, name.startsWith("dj-") ? name : `dj-${name}`);
    }
    const view = await call(client, "get_template_directives", { name: "dj-view" });
    assert.equal(view.template_markers[0].required, false, "LiveView.get fills dj-view in on <div dj-root>");
  });
});

// Issue #17's missing list, asked by name.
test("a directive's options are found by name, with the directive they belong to", TEST_TIMEOUT, async () => {
  await withClient(async ({ client }) => {
    for (const [option, parent] of [
      ["dj-copy-class", "dj-copy"],
      ["dj-paste-suppress", "dj-paste"],
      ["dj-virtual-item-height", "dj-virtual"],
      ["dj-group-appear", "dj-transition-group"],
      ["dj-dialog-close-event", "dj-dialog"],
    ]) {
      const answer = await call(client, "get_template_directives", { name: option });
      assert.equal(answer.option.name, option);
      assert.equal(answer.option.option_of, parent);
      assert.equal(answer.directives[0].name, parent);
      assert.ok(answer.directives[0].options.some((o) => o.name === option), `${parent} lists ${option}`);
    }
    const copy = await directive(client, "dj-copy");
    assert.deepEqual(
      copy.options.map((o) => o.name),
      ["dj-copy-class", "dj-copy-feedback", "dj-copy-event"],
    );
    assert.match(copy.source, /^python\/djust\/static\/djust\/src\/09-event-binding\.js:\d+$/);

    const offline = await call(client, "get_template_directives", { name: "dj-offline" });
    assert.equal(offline.count, 0);
    assert.equal(offline.option.script, "djust/js/pwa.js");

    const index = await call(client, "get_template_directives", {});
    assert.deepEqual(index.options["dj-flip"], ["dj-flip-duration", "dj-flip-easing"]);
    assert.equal(index.optional_script_attributes[0].name, "dj-offline");
  });
});

test("decorators event, live_view and component; @optimistic and @client_state are inert", TEST_TIMEOUT, async () => {
  await withClient(async ({ client }) => {
    const index = await call(client, "get_decorators", {});
    assert.equal(index.count, 18);
    const [event] = (await call(client, "get_decorators", { name: "@event" })).decorators;
    assert.equal(event.deprecated.use_instead, "@event_handler");
    const [liveView] = (await call(client, "get_decorators", { name: "live_view" })).decorators;
    assert.equal(liveView.import, "from djust import live_view");
    const [component] = (await call(client, "get_decorators", { name: "component" })).decorators;
    assert.equal(component.import, "from djust import component");
    for (const name of ["optimistic", "client_state"]) {
      const [d] = (await call(client, "get_decorators", { name })).decorators;
      assert.match(d.inert.reason, /window\.handlerMetadata/, name);
      assert.match(d.description, /has no effect/, name);
    }
  });
});

test("the mixins the issue found missing are in the schema, with import lines and sources", TEST_TIMEOUT, async () => {
  await withClient(async ({ client }) => {
    const names = [];
    for (let page = 1; ; page++) {
      const answer = await call(client, "get_framework_schema", { section: "mixins", page });
      for (const m of answer.sections.mixins.mixins) {
        names.push(m.name);
        assert.match(m.source, /^python\/djust\/.+\.py:\d+$/, m.name);
      }
      if (!answer.next_page) break;
    }
    for (const name of ["DraftModeMixin", "FlashMixin", "ThemeMixin", "FormSetHelpersMixin", "DataTableMixin", "TabsMixin"])
      assert.ok(names.includes(name), name);
    assert.equal(names.length, 35);
  });
});

test("for a project on djust 1.0.3, an entry added in 1.1 says so", { timeout: 90000 }, async () => {
  // The fixture project with its djust-compatible package reporting 1.0.3.
  const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures");
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "djust-old-"));
  try {
    fs.cpSync(path.join(fixtures, "project"), path.join(root, "project"), { recursive: true });
    fs.cpSync(path.join(fixtures, "djust_compat"), path.join(root, "djust_compat"), { recursive: true });
    const init = path.join(root, "djust_compat", "djust", "__init__.py");
    fs.writeFileSync(init, fs.readFileSync(init, "utf8").replace('__version__ = "1.1.0"', '__version__ = "1.0.3"'));
    const args = ["--project", path.join(root, "project"), "--python", fixturePython(), "serve"];
    await withClient(
      async ({ client }) => {
        // The project tools load the project; its bridge reports the djust it imports.
        const views = await client.callTool({ name: "list_views", arguments: {} }, undefined, { timeout: 60000 });
        assert.notEqual(views.isError, true, JSON.stringify(views.content));

        const target = await call(client, "get_template_directives", { name: "dj-hook-target" });
        assert.equal(target.project_djust_version, "1.0.3");
        assert.match(target.version_note, /^This project runs djust 1\.0\.3; these facts are from the djust 1\.1\.0 data/);
        assert.equal(target.option.since, "1.1.0rc8");
        assert.equal(target.option.version_note, "added in 1.1.0rc8; this project runs djust 1.0.3, which does not have it");
        // An entry older than the project carries no note.
        assert.equal(target.directives[0].version_note, undefined);

        const [event] = (await call(client, "get_decorators", { name: "event" })).decorators;
        assert.match(event.version_note, /^deprecated since 0\.3 \(this project runs djust 1\.0\.3\); use @event_handler/);
      },
      { args },
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
