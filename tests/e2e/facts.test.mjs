// Facts corrected against djust 1.1.0 (issue #17), asked for the way a model asks: by name, through
// the MCP SDK client. Each answer carries the corrected statement and not the old one.

import { test } from "node:test";
import assert from "node:assert/strict";

import { withClient } from "./helpers.mjs";

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
    assert.equal(view.template_markers[0].required, true);
  });
});
