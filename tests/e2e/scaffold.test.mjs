// Scaffolding through the official SDK client (scaffold_view, scaffold_component,
// add_event_handler) and on the command line (`djust-mcp scaffold ... --write`).

import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { BIN, victimFile, withClient } from "./helpers.mjs";

const FIXTURE_PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/project");
const TEST_TIMEOUT = { timeout: 20000 };

function djust(args, cwd) {
  return spawnSync(BIN, args, { cwd, encoding: "utf8", timeout: 10000 });
}

/** A copy of the fixture project in a fresh temporary folder, removed after the test. */
function projectCopy(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djust-mcp-scaffold-"));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(FIXTURE_PROJECT, dir, { recursive: true });
  return dir;
}

describe("scaffold tools over MCP", () => {
  test("scaffold_view returns the module, the template and the urls.py lines", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      const result = await client.callTool({
        name: "scaffold_view",
        arguments: { name: "ProductList", features: ["search", "crud", "auth"], model: "Item", app: "shop" },
      });
      assert.equal(result.isError, undefined, JSON.stringify(result));
      const { class_name, files, urls_import, urls_line } = result.structuredContent;
      assert.equal(class_name, "ProductListView");
      assert.deepEqual(
        files.map((f) => f.path),
        ["product_list_view.py", "templates/shop/product_list.html"],
      );
      assert.match(files[0].content, /^from \.models import Item$/m);
      assert.match(files[0].content, /^ {4}login_required = True$/m);
      assert.match(files[0].content, /@permission_required\("shop\.delete_item"\)\n {4}@event_handler\n/);
      assert.match(files[1].content, /dj-view="shop\.product_list_view\.ProductListView" dj-root/);
      assert.match(files[1].content, /\{% csrf_token %\}/);
      assert.equal(urls_import, "from .product_list_view import ProductListView");
      assert.match(urls_line, /^path\("product-list\/", ProductListView\.as_view\(\), name="product_list"\),$/);
      assert.deepEqual(JSON.parse(result.content[0].text), result.structuredContent);
    });
  });

  test("an unknown feature is an error that lists the valid ones", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      const result = await client.callTool({ name: "scaffold_view", arguments: { name: "Chat", features: ["chat"] } });
      assert.equal(result.isError, true);
      for (const feature of ["search", "crud", "pagination", "form", "presence", "streaming", "auth"])
        assert.match(result.content[0].text, new RegExp(feature));
    });
  });

  test("names that are paths or not CamelCase are refused", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      for (const name of ["../Shop", "a/b", "lowercase"]) {
        const result = await client.callTool({ name: "scaffold_view", arguments: { name } });
        assert.equal(result.isError, true, name);
      }
    });
  });

  test("add_event_handler keeps decorator calls whole and stacks them", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      const result = await client.callTool({
        name: "add_event_handler",
        arguments: { handler_name: "add_to_cart", params: "item_id:int", decorators: "debounce(wait=0.5), rate_limit(rate=5, burst=3)" },
      });
      assert.equal(result.isError, undefined, JSON.stringify(result));
      assert.deepEqual(result.structuredContent.decorators, [
        "rate_limit(rate=5, burst=3)",
        "event_handler",
        "debounce(wait=0.5)",
      ]);
      assert.match(result.structuredContent.code, /def add_to_cart\(self, item_id: int = 0, \*\*kwargs\):/);
      const unknown = await client.callTool({ name: "add_event_handler", arguments: { handler_name: "x", decorators: "memoize" } });
      assert.equal(unknown.isError, true);
      assert.match(unknown.content[0].text, /rate_limit/);
    });
  });

  test("scaffold_component mounts from keyword arguments, with no request", TEST_TIMEOUT, async () => {
    await withClient(async ({ client }) => {
      const result = await client.callTool({ name: "scaffold_component", arguments: { name: "Alert", props: "message:str=Saved" } });
      assert.match(result.structuredContent.files[0].content, /def mount\(self, message: str = "Saved", \*\*kwargs\):/);
    });
  });
});

describe("djust-mcp scaffold on the command line", () => {
  test("--write creates the files in the app, prints them and lints clean", (t) => {
    const dir = projectCopy(t);
    const result = djust(["scaffold", "view", "ProductList", "--features", "search,crud,pagination", "--model", "Item", "--write"], dir);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^created shop\/product_list_view\.py$/m);
    assert.match(result.stdout, /^created shop\/templates\/shop\/product_list\.html$/m);
    assert.match(result.stdout, /path\("product-list\/", ProductListView\.as_view\(\), name="product_list"\),/);
    assert.ok(fs.existsSync(path.join(dir, "shop", "product_list_view.py")));
    const lint = djust(["validate", "--select", "ALL", "shop/product_list_view.py", "shop/templates/shop/product_list.html"], dir);
    assert.equal(lint.status, 0, lint.stdout + lint.stderr);
  });

  test("--model must be a class the app's models.py defines or imports; a missing urls.py is to be created", (t) => {
    const dir = projectCopy(t);
    const refused = djust(["scaffold", "view", "Foo", "--model", "Itme", "--app", "shop", "--write"], dir);
    assert.equal(refused.status, 1, refused.stdout);
    assert.equal(
      refused.stderr,
      "djust-mcp scaffold: shop/models.py neither defines nor imports a class Itme. Did you mean Item? Nothing was generated.\n",
    );
    assert.ok(!fs.existsSync(path.join(dir, "shop", "foo_view.py")), "wrote the module despite refusing");
    // Not even printed: the code would import a class that is not there.
    assert.equal(djust(["scaffold", "view", "Foo", "--model", "NoSuchModel", "--app", "shop"], dir).status, 1);

    // shop has no urls.py: the advice is to create one and include it, not to "add to" it.
    const created = djust(["scaffold", "view", "Foo", "--model", "Item", "--app", "shop", "--write"], dir);
    assert.equal(created.status, 0, created.stderr);
    assert.match(created.stdout, /^shop\/urls\.py does not exist: create it with$/m);
    assert.match(created.stdout, /^  path\("shop\/", include\("shop\.urls"\)\),$/m);
    assert.doesNotMatch(created.stdout, /Add to shop\/urls\.py/);
    fs.writeFileSync(path.join(dir, "shop", "urls.py"), "urlpatterns = []\n");
    const added = djust(["scaffold", "view", "Bar", "--app", "shop", "--write"], dir);
    assert.match(added.stdout, /^Add to shop\/urls\.py:$/m);

    // Where no project is found, the model cannot be checked: the code is printed with a note.
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "djust-mcp-noproject-"));
    t.after(() => fs.rmSync(outside, { recursive: true, force: true }));
    const unchecked = djust(["scaffold", "view", "Foo", "--model", "Item"], outside);
    assert.equal(unchecked.status, 0, unchecked.stderr);
    assert.match(unchecked.stderr, /note: --model Item was not checked against the app's models/);
  });

  test("a handler decorator djust 1.1 ignores is written with a note naming the template attribute", () => {
    const result = djust(["scaffold", "handler", "search", "--decorators", "debounce(wait=0.4)"]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /^djust-mcp scaffold: note: @debounce has no effect in djust 1\.1\.0: .*dj-debounce=/m);
    assert.match(result.stdout, /^ {4}# NOTE: @debounce has no effect.*\n {4}@event_handler\n {4}@debounce\(wait=0\.4\)$/m);
  });

  test("--write refuses to overwrite without --force and writes nothing", (t) => {
    const dir = projectCopy(t);
    const template = path.join(dir, "shop", "templates", "shop", "cart.html");
    fs.mkdirSync(path.dirname(template), { recursive: true });
    fs.writeFileSync(template, "mine");
    const refused = djust(["scaffold", "view", "Cart", "--app", "shop", "--write"], dir);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /not overwriting shop\/templates\/shop\/cart\.html/);
    assert.equal(fs.readFileSync(template, "utf8"), "mine");
    assert.ok(!fs.existsSync(path.join(dir, "shop", "cart_view.py")), "wrote the module despite refusing");
    const forced = djust(["scaffold", "view", "Cart", "--app", "shop", "--write", "--force"], dir);
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(forced.stdout, /^replaced shop\/templates\/shop\/cart\.html$/m);
    assert.match(fs.readFileSync(template, "utf8"), /dj-view="shop\.cart_view\.CartView"/);
  });

  test("--write never writes through a planted link, --force included; a dangling link is a file", (t) => {
    const victim = victimFile(t);
    const dir = projectCopy(t);
    const shop = path.join(dir, "shop");
    // A repository shipping the name the writer used to write to.
    fs.symlinkSync(victim.file, path.join(shop, "cart_view.py.djust-mcp-tmp"));
    const created = djust(["scaffold", "view", "Cart", "--app", "shop", "--write"], dir);
    assert.equal(created.status, 0, created.stderr);
    assert.match(fs.readFileSync(path.join(shop, "cart_view.py"), "utf8"), /^class CartView\(LiveView\):$/m);
    assert.ok(fs.lstatSync(path.join(shop, "cart_view.py.djust-mcp-tmp")).isSymbolicLink());
    victim.assertUntouched();

    // Links where the module goes: to a file outside, dangling outside, dangling inside the project.
    const links = { Basket: victim.file, Wish: victim.missing, Order: path.join(shop, "nowhere.py") };
    for (const [name, to] of Object.entries(links)) {
      const module = path.join(shop, `${name.toLowerCase()}_view.py`);
      fs.symlinkSync(to, module);
      for (const force of [[], ["--force"]]) {
        const refused = djust(["scaffold", "view", name, "--app", "shop", "--write", ...force], dir);
        assert.equal(refused.status, 1, `${name} ${force}: ${refused.stdout}`);
        assert.equal(
          refused.stderr,
          `djust-mcp scaffold: shop/${name.toLowerCase()}_view.py is a symbolic link, which scaffold never writes ` +
            "through or replaces (--force included); nothing was written\n",
        );
        assert.equal(refused.stdout, "");
        assert.ok(fs.lstatSync(module).isSymbolicLink());
        assert.ok(!fs.existsSync(path.join(shop, "templates", "shop", `${name.toLowerCase()}.html`)));
      }
    }
    assert.ok(!fs.existsSync(path.join(shop, "nowhere.py")), "wrote through a dangling link");
    victim.assertUntouched();
  });

  test("--app outside the project or not a name is refused", (t) => {
    const dir = projectCopy(t);
    fs.mkdirSync(path.join(dir, "..", path.basename(dir) + "-outside"), { recursive: true });
    t.after(() => fs.rmSync(path.join(dir, "..", path.basename(dir) + "-outside"), { recursive: true, force: true }));
    for (const app of ["../x", `../${path.basename(dir)}-outside`, "/etc"]) {
      const result = djust(["scaffold", "view", "Cart", "--app", app, "--write"], dir);
      assert.equal(result.status, 1, `${app}: ${result.stdout}`);
      assert.match(result.stderr, /djust-mcp scaffold: /);
    }
    assert.equal(djust(["scaffold", "view", "Cart", "--app", "../x"], dir).status, 1);
    // Refused before --model is looked up under it: one line, the reason.
    const withModel = djust(["scaffold", "view", "Cart", "--app", "../etc", "--model", "Product"], dir);
    assert.equal(withModel.status, 1);
    assert.equal(withModel.stderr, "djust-mcp scaffold: The app name '../etc' looks like a path; give a Python identifier (letters, digits and _), not a path.\n");
    assert.equal(djust(["scaffold", "handler", "save", "--write"], dir).status, 2);
  });

  test("without --write the code is printed; `call` reaches the same tool", () => {
    const printed = djust(["scaffold", "component", "Alert", "--props", "message:str=Saved"]);
    assert.equal(printed.status, 0, printed.stderr);
    assert.match(printed.stdout, /^# alert_component\.py$/m);
    const called = djust(["call", "scaffold_view", "name=Cart", 'features=["streaming"]']);
    assert.equal(called.status, 0, called.stderr);
    assert.match(JSON.parse(called.stdout).files[0].content, /await self\.stream_to\("report", target="#report"\)/);
  });
});
