// The project's own API as tools, end to end through the official SDK client: the real binary
// against tests/fixtures/api_project (DRF viewsets, an APIView, a generic view, ModelAdmins), copied
// to a temporary folder whose SQLite database the test migrates and seeds. One server per
// configuration (read-only and anonymous; writing as staff; as the plain user with the gateway),
// shared by the tests that need it.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

import { BIN, connectClient, fixturePython, tempDir, withTimeout } from "./helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.resolve(here, "../fixtures/api_project");
const PYTHON = fixturePython();
const T = { timeout: 60000 };
const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

let project;
let env;
const servers = [];

function manage(...args) {
  return execFileSync(PYTHON, ["manage.py", ...args], { cwd: project, env: { ...process.env, ...env }, encoding: "utf8" });
}

async function server(...flags) {
  const ctx = await connectClient({ args: ["--project", project, "--python", PYTHON, ...flags, "serve"], env });
  servers.push(ctx);
  return ctx;
}

async function call(ctx, name, args = {}) {
  return ctx.client.callTool({ name, arguments: args }, undefined, { timeout: 30000 });
}

function ok(result) {
  assert.equal(result.isError, undefined, JSON.stringify(result.content));
  return result.structuredContent;
}

function errorText(result) {
  assert.equal(result.isError, true, JSON.stringify(result));
  return result.content[0].text;
}

// What the database holds, read through the API itself.
async function productCount(ctx) {
  return ok(await call(ctx, "api_product_list", {})).data.count;
}

before(() => {
  project = path.join(tempDir("api-"), "project");
  fs.cpSync(FIXTURE, project, { recursive: true });
  env = { DJUST_API_DB: path.join(project, "db.sqlite3"), PYTHONDONTWRITEBYTECODE: "1" };
  manage("migrate", "-v0");
  manage("shell", "-c", "exec(open('seed_data.py').read())");
});

after(async () => {
  for (const ctx of servers) await ctx.close();
});

describe("read-only, as the anonymous user", () => {
  let ctx;
  let firstCall;
  before(async () => {
    ctx = await server("--admin", "--api-tools", "each");
    // Called at once, before any tools/list and while the project's API is still being searched
    // (a client that knows the names from an earlier session does this).
    firstCall = call(ctx, "api_product_retrieve", { pk: 1 }).then((result) => ({ result }), (error) => ({ error }));
  });

  test("a call right after initialize waits for the project's API instead of calling it unknown", T, async () => {
    const { result, error } = await firstCall;
    assert.equal(error, undefined, String(error));
    assert.equal(ok(result).data.id, 1);
  });

  test("tools/list names every endpoint method next to the static tools, with schemas and annotations", T, async () => {
    const { tools } = await ctx.client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    for (const name of [
      "list_views", // the static tools are still there
      "api_product_list",
      "api_product_create",
      "api_product_retrieve",
      "api_product_update",
      "api_product_destroy",
      "api_product_publish",
      "api_category_list",
      "api_category_retrieve",
      "api_stats_get",
      "api_stats_post",
      "api_feed_list",
      "api_feed_create",
      "api_category_products_list",
      "admin_catalog_product_list",
      "admin_catalog_product_change",
      "admin_catalog_product_archive",
      "admin_staff_catalog_category_list", // another AdminSite the URLconf reaches
    ])
      assert.ok(byName[name], `${name} missing from ${tools.map((t) => t.name).join(", ")}`);
    for (const t of tools) assert.match(t.name, NAME);
    // update and partial_update are one PATCH-style tool whose body fields are all optional
    assert.equal(tools.filter((t) => t.name.startsWith("api_product_") && /update/.test(t.name)).length, 1);
    const update = byName.api_product_update.inputSchema;
    assert.deepEqual(update.required, ["pk"]);
    assert.equal(update.properties.body.required, undefined);

    const list = byName.api_product_list;
    assert.deepEqual(Object.keys(list.inputSchema.properties).sort(), ["ordering", "page", "page_size", "search"]);
    assert.deepEqual(list.inputSchema.properties.ordering.enum.sort(), [
      "-name", "-price", "-release_date", "name", "price", "release_date",
    ]);
    assert.deepEqual(list.annotations, { title: "product: list (GET /api/products/)", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false });
    assert.match(list.description, /Permission: IsAuthenticatedOrReadOnly, IsOwnerOrReadOnly\./);
    assert.deepEqual(Object.keys(list.outputSchema.properties.data.properties).sort(), ["count", "next", "previous", "results"]);
    assert.equal(list.outputSchema.properties.data.properties.next.description,
      "The next page's URL, as the project builds it for the host shop.example.com; this tool fetches it when called again with that URL's `page`.");
    assert.deepEqual(Object.keys(byName.api_category_list.inputSchema.properties).sort(), ["limit", "offset", "slug"]);

    const body = byName.api_product_create.inputSchema.properties.body;
    assert.deepEqual(body.required, ["name", "price", "category_id"]);
    assert.equal(body.properties.id, undefined, "read-only fields are not inputs");
    assert.deepEqual(body.properties.status.enum, ["draft", "published", "archived"]);
    assert.equal(body.properties.price.type, "string");
    assert.match("12.50", new RegExp(body.properties.price.pattern));
    assert.deepEqual(body.properties.release_date.type, ["string", "null"]);
    assert.equal(body.properties.release_date.format, "date");
    assert.deepEqual(body.properties.quantity, {
      type: "integer", minimum: 1, maximum: 1000, title: "Quantity", description: "How many to stock.", default: 1,
    });
    assert.equal(body.properties.name.maxLength, 100);
    assert.equal(byName.api_product_create.inputSchema.properties.dry_run.type, "boolean");
    assert.equal(byName.api_product_create.annotations.readOnlyHint, false);
    assert.equal(byName.api_product_destroy.annotations.destructiveHint, true);
    assert.equal(byName.api_product_update.annotations.idempotentHint, true);
    // the nested serializer is the output's shape
    const item = byName.api_product_retrieve.outputSchema.properties.data;
    assert.deepEqual(Object.keys(item.properties.category.properties), ["id", "name", "slug"]);
    assert.equal(byName.api_product_retrieve.inputSchema.properties.pk.type, "integer");
    assert.equal(byName.api_category_products_list.inputSchema.properties.slug.type, "string");
    assert.match(byName.api_category_products_list.description, /cannot be built without a request/);

    const admin = byName.admin_catalog_product_list.inputSchema.properties;
    assert.deepEqual(Object.keys(admin).sort(), ["filters", "ordering", "page", "q"]);
    assert.deepEqual(admin.filters.properties.status__exact.enum, ["draft", "published", "archived"]);
    // a SimpleListFilter: its lookups() as an enum, or a free string when lookups() fails without a real user
    assert.deepEqual(admin.filters.properties.band, { type: "string", enum: ["cheap", "dear"], description: "price band: cheap = Under 10, dear = 10 or more" });
    assert.equal(admin.filters.properties.domain.type, "string");
    assert.match(admin.filters.properties.domain.description, /^owner's email domain \(its lookups\(\) cannot run .*IndexError/);
    assert.deepEqual(admin.ordering.enum, ["name", "status", "price", "category", "-name", "-status", "-price", "-category"]);
    assert.match(byName.admin_catalog_product_archive.description, /Archive the selected products/);
    // UserAdmin: add takes its add_form's fields, change its change form's (the password hash is read-only there)
    assert.deepEqual(Object.keys(byName.admin_auth_user_add.inputSchema.properties.body.properties).sort(), ["password1", "password2", "username"]);
    const userChange = Object.keys(byName.admin_auth_user_change.inputSchema.properties.body.properties);
    assert.ok(userChange.includes("is_superuser") && userChange.includes("email"), userChange.join(", "));
    assert.ok(!userChange.includes("password") && !userChange.includes("password1"), userChange.join(", "));
    assert.deepEqual(byName.admin_catalog_product_archive.inputSchema.required, ["body"]);
    assert.deepEqual(byName.admin_catalog_product_archive.inputSchema.properties.body.required, ["pks"]);
    assert.equal(byName.admin_catalog_product_archive.annotations.destructiveHint, true);
    const caps = ctx.client.getServerCapabilities();
    assert.equal(caps.tools.listChanged, true);
  });

  test("list honours search, ordering and the view's pagination; retrieve; unknown pk", T, async () => {
    const page1 = ok(await call(ctx, "api_product_list", { ordering: "-price" }));
    assert.equal(page1.status, 200);
    assert.equal(page1.data.count, 5);
    assert.deepEqual(page1.data.results.map((p) => p.name), ["Saw", "Kite"]);
    // addressed to the project's ALLOWED_HOSTS host, which it accepts (it refuses "testserver")
    assert.equal(page1.data.next, "http://shop.example.com/api/products/?ordering=-price&page=2");
    const page3 = ok(await call(ctx, "api_product_list", { ordering: "-price", page: 3 }));
    assert.deepEqual(page3.data.results.map((p) => p.name), ["Yo-yo"]);
    // DRF's router API root reads the request's resolver_match, as a request over HTTP has it
    assert.deepEqual(ok(await call(ctx, "api_api_root_get", {})).data, {
      products: "http://shop.example.com/api/products/", categories: "http://shop.example.com/api/categories/",
    });
    const found = ok(await call(ctx, "api_product_list", { search: "wrench" }));
    assert.deepEqual(found.data.results.map((p) => p.name), ["Wrench"]);
    const offset = ok(await call(ctx, "api_category_list", { limit: 1, offset: 1 }));
    assert.deepEqual(offset.data, { count: 2, next: null, previous: "http://shop.example.com/api/categories/?limit=1", results: [{ id: 2, name: "Toys", slug: "toys" }] });

    const hammer = ok(await call(ctx, "api_product_retrieve", { pk: 1 }));
    assert.deepEqual(hammer.data.category, { id: 1, name: "Tools", slug: "tools" });
    assert.equal(hammer.data.price, "12.50");
    assert.match(errorText(await call(ctx, "api_product_retrieve", { pk: 999 })), /^Not found \(HTTP 404 from GET \/api\/products\/\{pk\}\/\): Not found\./);
    assert.match(errorText(await call(ctx, "api_product_retrieve", { pk: "abc" })), /argument `pk` must be of type integer, not string/);
    assert.match(errorText(await call(ctx, "api_product_list", { page: "two" })), /argument `page` must be of type integer/);
    assert.match(errorText(await call(ctx, "api_product_list", { ordering: "owner" })), /argument `ordering` must be one of/);
    // the view whose serializer needs a request still works
    const toys = ok(await call(ctx, "api_category_products_list", { slug: "toys" }));
    assert.deepEqual(toys.data, [{ id: 4, name: "Kite", price: "15.00" }, { id: 5, name: "Yo-yo", price: "3.10" }]);
  });

  test("django-filter's filters are typed arguments, the real filterset runs, the feed pages by its cursor", T, async () => {
    const { tools } = await ctx.client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    const feed = byName.api_feed_list;
    const args = feed.inputSchema.properties;
    // filterset_class: the lookups django-filter generates from Meta.fields, and the declared filters
    assert.deepEqual(Object.keys(args).sort(), [
      "category", "category_slug", "cursor", "name", "price__gte", "price__lte", "release_date__gte", "released", "status", "status__in",
    ]);
    assert.deepEqual(args.status, { enum: ["draft", "published", "archived"], description: "Status" });
    assert.deepEqual(args.status__in, { type: "array", items: { type: "string" }, description: "Status is in (sent as one comma-separated parameter)" });
    assert.deepEqual(args.price__gte, { type: "number", description: "Price is greater than or equal to" });
    assert.equal(args.release_date__gte.type, "string");
    assert.equal(args.release_date__gte.format, "date");
    assert.match(args.release_date__gte.description, /YYYY-MM-DD/);
    assert.deepEqual(args.category, { type: "integer", description: "Category. Only this category" });
    assert.equal(args.category_slug.type, "string"); // its to_field_name
    assert.deepEqual(args.released, { type: "boolean", description: "Has a release date" });
    // filterset_fields: the filterset DjangoFilterBackend builds itself
    assert.deepEqual(byName.api_category_list.inputSchema.properties.slug, { type: "string", description: "Slug" });
    // CursorPagination's envelope has no count; LimitOffsetPagination without default_limit pages only when asked
    const envelope = feed.outputSchema.properties.data;
    assert.deepEqual(envelope.required.sort(), ["next", "previous", "results"]);
    const item = envelope.properties.results.items.properties;
    assert.deepEqual(Object.keys(item).sort(), ["category", "category_link", "name", "price", "status", "url"]);
    assert.match(item.url.description, /URL of the related object/); // HyperlinkedIdentityField
    assert.match(item.category_link.description, /URL of the related object/); // HyperlinkedRelatedField
    assert.match(item.category.description, /the related object's slug/); // SlugRelatedField
    const body = byName.api_feed_create.inputSchema.properties.body;
    assert.deepEqual(Object.keys(body.properties).sort(), ["category", "name", "price", "status"]);
    assert.equal(body.properties.category.type, "string");
    assert.deepEqual(byName.api_category_list.outputSchema.properties.data.anyOf.map((s) => s.type), ["object", "array"]);

    const filters = { price__gte: 8.25, status__in: ["published", "draft"], released: true };
    const first = ok(await call(ctx, "api_feed_list", filters));
    assert.deepEqual(first.data.results.map((p) => p.name), ["Kite", "Wrench"]);
    assert.deepEqual(first.data.results[0], {
      url: "http://shop.example.com/api/products/4/", name: "Kite", status: "draft", price: "15.00", category: "toys",
      category_link: "http://shop.example.com/api/categories/2/",
    });
    assert.equal(first.data.previous, null);
    const cursor = new URL(first.data.next).searchParams.get("cursor");
    const second = ok(await call(ctx, "api_feed_list", { ...filters, cursor }));
    assert.deepEqual(second.data.results.map((p) => p.name), ["Saw", "Hammer"]);
    assert.equal(second.data.next, null);
    assert.match(second.data.previous, /cursor=/);
    assert.deepEqual(ok(await call(ctx, "api_feed_list", { released: false })).data.results, []);
    assert.deepEqual(ok(await call(ctx, "api_feed_list", { category: 2, name: "yo" })).data.results.map((p) => p.name), ["Yo-yo"]);
    assert.deepEqual(ok(await call(ctx, "api_feed_list", { category_slug: "toys" })).data.results.map((p) => p.name), ["Yo-yo", "Kite"]);
    assert.equal(errorText(await call(ctx, "api_feed_list", { release_date__gte: "2024-13-01" })),
      "The project refused the input (HTTP 400 from GET /api/feed/): `release_date__gte`: Enter a valid date. Correct these fields and call again.");
    assert.match(errorText(await call(ctx, "api_feed_list", { category: 99 })), /HTTP 400 .*`category`: Select a valid choice/);
    assert.match(errorText(await call(ctx, "api_feed_list", { price__gte: "cheap" })), /argument `price__gte` must be of type number/);
    // a paginator whose get_paginated_response() is its own: its envelope is not guessed
    const cheapest = byName.api_cheapest_list.outputSchema.properties.data;
    assert.deepEqual(cheapest, { description: "The response PagesWithTotal.get_paginated_response() builds around the items." });
    const page2 = ok(await call(ctx, "api_cheapest_list", { page: 2 }));
    assert.deepEqual([page2.data.total_pages, page2.data.links.next, page2.data.results.map((p) => p.name)], [2, null, ["Kite", "Saw"]]);
    // unpaged without `limit`: the plain list, which the output schema allows
    assert.deepEqual(ok(await call(ctx, "api_category_list", { slug: "toys" })).data, [{ id: 2, name: "Toys", slug: "toys" }]);
  });

  test("tools that write are refused without --allow-writes, dry_run too; admin needs a staff user", T, async () => {
    const before = await productCount(ctx);
    for (const args of [{ body: { name: "Drill", price: "20.00", category_id: 1 } }, { dry_run: true, body: { name: "Drill", price: "20.00", category_id: 1 } }]) {
      const text = errorText(await call(ctx, "api_product_create", args));
      assert.match(text, /^api_product_create changes data \(POST \/api\/products\/\) and this djust-mcp is read-only\. Restart it with --allow-writes/);
    }
    assert.equal(await productCount(ctx), before);
    const denied = errorText(await call(ctx, "admin_catalog_product_list", {}));
    assert.match(denied, /Permission denied \(HTTP 403 .*\) for the anonymous user: the anonymous user is not an active staff user/);
    assert.match(denied, /--run-as USERNAME/);
  });

  test("a serializer field added to the source: tools/list_changed, and the new schema", T, async () => {
    const changed = new Promise((resolve) => ctx.client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
    const serializers = path.join(project, "catalog", "serializers.py");
    const source = fs.readFileSync(serializers, "utf8");
    fs.writeFileSync(
      serializers,
      source.replace('    quantity = serializers', '    gift_note = serializers.CharField(required=False, write_only=True)\n    quantity = serializers')
        .replace('"owner", "quantity"]', '"owner", "quantity", "gift_note"]'),
    );
    await withTimeout(changed, 20000, "notifications/tools/list_changed");
    const { tools } = await ctx.client.listTools();
    const create = tools.find((t) => t.name === "api_product_create");
    assert.equal(create.inputSchema.properties.body.properties.gift_note.type, "string");
  });
});

describe("writing, as the staff user", () => {
  let ctx;
  before(async () => {
    ctx = await server("--admin", "--api-tools", "each", "--allow-writes", "--run-as", "staff");
  });

  test("the tools cost what they cost for the anonymous user, the README's figures", T, async () => {
    const definitions = async (c) => (await c.client.listTools()).tools.filter((t) => /^(api|admin)_/.test(t.name));
    const mine = await definitions(ctx);
    const anonymous = await definitions(servers[0]);
    assert.deepEqual(mine.map((t) => [t.name, t.description]), anonymous.map((t) => [t.name, t.description]));
    // as djust-mcp counts them (4 bytes a token): the README's "about 2,520" and "about 8,730" against 8,000
    const tokens = (tools) => tools.reduce((sum, t) => sum + Math.ceil((t.name.length + Buffer.byteLength(t.description) + JSON.stringify(t.inputSchema).length) / 4), 0);
    assert.equal(mine.length, 46);
    assert.ok(Math.abs(tokens(mine) - 8730) < 100, String(tokens(mine)));
    assert.ok(Math.abs(tokens(mine.filter((t) => t.name.startsWith("api_"))) - 2520) < 100, String(tokens(mine.filter((t) => t.name.startsWith("api_")))));
  });

  test("create, dry_run leaves the database as it was, the project's validation names the field", T, async () => {
    const before = await productCount(ctx);
    const dry = ok(await call(ctx, "api_product_create", { dry_run: true, body: { name: "Drill", price: "20.00", category_id: 1 } }));
    assert.equal(dry.status, 201);
    assert.equal(dry.data.owner, "staff");
    assert.equal(dry.dry_run.rolled_back, true);
    assert.match(dry.dry_run.writes[0].sql, /^INSERT INTO "catalog_product"/);
    // the parameters as JSON values: the category's key a number, no release date null
    const columns = dry.dry_run.writes[0].sql.match(/\(([^)]*)\) VALUES/)[1].split(", ").map((c) => c.replace(/"/g, ""));
    const inserted = Object.fromEntries(columns.map((c, i) => [c, dry.dry_run.writes[0].params[i]]));
    assert.deepEqual([inserted.category_id, inserted.release_date, inserted.name], [1, null, "Drill"]);
    assert.equal(await productCount(ctx), before);

    const made = ok(await call(ctx, "api_product_create", { body: { name: "Drill", price: "20.00", category_id: 2, release_date: "2025-01-31" } }));
    assert.equal(made.status, 201);
    assert.deepEqual([made.data.name, made.data.price, made.data.release_date, made.data.category.slug], ["Drill", "20.00", "2025-01-31", "toys"]);
    assert.equal(await productCount(ctx), before + 1);

    const refused = errorText(await call(ctx, "api_product_create", { body: { name: "Drill", price: "20.00", category_id: 999 } }));
    assert.equal(refused, 'The project refused the input (HTTP 400 from POST /api/products/): `category_id`: Invalid pk "999" - object does not exist. Correct these fields and call again.');
    assert.match(errorText(await call(ctx, "api_product_create", { body: { name: "Drill", price: 20, category_id: 1 } })), /argument `body\/price` must be of type string/);
    assert.match(errorText(await call(ctx, "api_product_create", { body: { name: "D", price: "1", category_id: "one" } })), /argument `body\/category_id` must be of type integer/);
    // a body 10 MB long is refused by the schema, and the server carries on
    const huge = errorText(await call(ctx, "api_product_create", { body: { name: "x".repeat(10 * 1024 * 1024), price: "1", category_id: 1 } }));
    assert.match(huge, /argument `body\/name` must be at most 100 characters long/);
    // SlugRelatedField takes the slug; the Hyperlinked fields answer URLs
    const glue = ok(await call(ctx, "api_feed_create", { dry_run: true, body: { name: "Glue", price: "2.00", category: "toys" } }));
    assert.equal(glue.status, 201);
    assert.equal(glue.data.category_link, "http://shop.example.com/api/categories/2/");
    assert.match(glue.data.url, /^http:\/\/shop\.example\.com\/api\/products\/\d+\/$/);
    assert.match(errorText(await call(ctx, "api_feed_create", { body: { name: "Glue", price: "2.00", category: "food" } })), /`category`: Object with slug=food does not exist\./);
    const published = ok(await call(ctx, "api_product_publish", { pk: 2 }));
    assert.equal(published.data.status, "published");
    const apiview = errorText(await call(ctx, "api_stats_post", { body: {} }));
    assert.match(apiview, /`status`: This field is required\./);
  });

  test("admin: list with q and a filter, retrieve, change validated by the admin's form, an action", T, async () => {
    const listed = ok(await call(ctx, "admin_catalog_product_list", { q: "a", filters: { status__exact: "draft" } }));
    assert.deepEqual(listed.data.columns, ["name", "status", "price", "category"]);
    assert.deepEqual(listed.data.results.map((r) => r.columns.name).sort(), ["Kite"]);
    const byCategory = ok(await call(ctx, "admin_catalog_product_list", { filters: { category__id__exact: 2 } }));
    assert.deepEqual(byCategory.data.results.map((r) => r.columns.name).sort(), ["Drill", "Kite", "Yo-yo"]);
    const byPrice = ok(await call(ctx, "admin_catalog_product_list", { ordering: "-price" }));
    assert.deepEqual(byPrice.data.results.map((r) => r.columns.name), ["Saw", "Drill", "Kite", "Hammer", "Wrench", "Yo-yo"]);
    assert.deepEqual(byPrice.data.results.map((r) => r.columns.price), ["30.00", "20.00", "15.00", "12.50", "8.25", "3.10"]);
    assert.equal(errorText(await call(ctx, "admin_catalog_product_list", { page: 5 })),
      "The project refused the input (HTTP 400 from GET /admin/catalog/product/): `page`: Page 5 is out of range: the list has 1 page (6 objects, 20 per page). Correct these fields and call again.");
    const cheap = ok(await call(ctx, "admin_catalog_product_list", { ordering: "name", filters: { band: "cheap" } }));
    assert.deepEqual(cheap.data.results.map((r) => r.columns.name), ["Wrench", "Yo-yo"]);
    const sameDomain = ok(await call(ctx, "admin_catalog_product_list", { filters: { domain: "example.com" } }));
    assert.equal(sameDomain.data.count, 6);
    const record = ok(await call(ctx, "admin_catalog_product_retrieve", { pk: 1 }));
    assert.equal(record.data.fields.name, "Hammer");
    const bad = errorText(await call(ctx, "admin_catalog_product_change", { pk: 1, body: { price: "cheap" } }));
    assert.match(bad, /`price`: Enter a number\./);
    const dry = ok(await call(ctx, "admin_catalog_product_change", { pk: 1, dry_run: true, body: { price: "13.00" } }));
    assert.match(dry.dry_run.writes.map((w) => w.sql).join("\n"), /UPDATE "catalog_product"/);
    assert.equal(ok(await call(ctx, "admin_catalog_product_retrieve", { pk: 1 })).data.fields.price, "12.50");
    const archived = ok(await call(ctx, "admin_catalog_product_archive", { body: { pks: [3, 4] } }));
    assert.deepEqual(archived.data, { action: "archive", objects: 2, messages: ["2 products archived."] });
    const after = ok(await call(ctx, "admin_catalog_product_list", { filters: { status__exact: "archived" } }));
    assert.deepEqual(after.data.results.map((r) => r.pk).sort(), [3, 4]);
    assert.match(errorText(await call(ctx, "admin_catalog_product_archive", { body: { pks: [3, 999] } })), /No product with primary key 999/);
  });

  test("admin users: the password shows as the admin shows it, never its hash; change takes the change form's fields", T, async () => {
    const hashes = /pbkdf2_sha256\$/;
    const summary = /^algorithm: pbkdf2_sha256; iterations: \d+; salt: \w{6}\*+; hash: \S{6}\*+$/;
    const staff = ok(await call(ctx, "admin_auth_user_retrieve", { pk: 1 }));
    assert.match(staff.data.fields.password, summary);
    assert.equal(staff.data.fields.is_superuser, true);
    const listed = ok(await call(ctx, "admin_auth_user_list", {}));
    assert.deepEqual(listed.data.results.map((r) => r.columns.username).sort(), ["plain", "staff"]);
    const promote = ok(await call(ctx, "admin_auth_user_change", { pk: 2, body: { is_superuser: true }, dry_run: true }));
    const update = promote.dry_run.writes.find((w) => w.sql.startsWith('UPDATE "auth_user"'));
    assert.ok(update.params.includes(true) && update.params.at(-1) === 2, JSON.stringify(update.params));
    assert.ok(update.params.some((p) => summary.test(p)), JSON.stringify(update.params));
    for (const result of [staff, listed, promote]) assert.doesNotMatch(JSON.stringify(result), hashes);
    assert.equal(ok(await call(ctx, "admin_auth_user_retrieve", { pk: 2 })).data.fields.is_superuser, false);
  });
});

describe("as the plain user, through the gateway", () => {
  let ctx;
  before(async () => {
    ctx = await server("--allow-writes", "--run-as", "plain", "--api-budget", "500", "--api-include", "api_product_*",
      "--api-exclude", "*_destroy");
  });

  test("above the budget there are three gateway tools with the same calls and safety", T, async () => {
    const { tools } = await ctx.client.listTools();
    const api = tools.filter((t) => t.name.startsWith("api_")).map((t) => t.name);
    assert.deepEqual(api, ["api_search_endpoints", "api_describe_endpoint", "api_call_endpoint"]);
    // --api-include and --api-exclude chose these; there is no admin without --admin
    const all = ok(await call(ctx, "api_search_endpoints", {}));
    assert.deepEqual(all.endpoints.map((e) => e.name).sort(), [
      "api_product_create", "api_product_list", "api_product_publish", "api_product_retrieve", "api_product_update",
    ]);
    const found = ok(await call(ctx, "api_search_endpoints", { query: "product update" }));
    assert.deepEqual(found.endpoints.map((e) => e.name), ["api_product_update"]);
    const described = ok(await call(ctx, "api_describe_endpoint", { name: "api_product_update" }));
    assert.deepEqual(described.input_schema.required, ["pk"]);
    assert.deepEqual(described.permissions, ["IsAuthenticatedOrReadOnly", "IsOwnerOrReadOnly"]);
    // the object permission refuses the plain user a product staff owns
    const denied = errorText(await call(ctx, "api_call_endpoint", { name: "api_product_update", arguments: { pk: 1, body: { name: "Mine" } } }));
    assert.equal(denied, "Permission denied (HTTP 403 from PATCH /api/products/{pk}/) for user 'plain': Only the owner of this product may change it. It needs: IsAuthenticatedOrReadOnly, IsOwnerOrReadOnly.");
    assert.match(errorText(await call(ctx, "api_call_endpoint", { name: "api_product_retrieve", arguments: { pk: "x" } })), /argument `pk` must be of type integer/);
    assert.match(errorText(await call(ctx, "api_call_endpoint", { name: "api_product_lst" })), /No endpoint named 'api_product_lst'\. Did you mean 'api_product_list'\?/);
    const listed = ok(await call(ctx, "api_call_endpoint", { name: "api_product_list", arguments: { search: "kite" } }));
    assert.deepEqual(listed.data.results.map((p) => p.name), ["Kite"]);
  });
});

test("--run-as a user that does not exist is an error at start", T, () => {
  const run = spawnSync(BIN, ["--project", project, "--python", PYTHON, "--run-as", "nobody", "serve"], {
    env: { PATH: process.env.PATH, ...env },
    input: "",
    encoding: "utf8",
    timeout: 30000,
  });
  assert.equal(run.status, 2);
  assert.equal(run.stdout, "");
  assert.match(run.stderr, /djust-mcp: --run-as nobody: the project's database has no user with username 'nobody'/);
});

test("the CLI says why a project's API tools are missing (an interpreter without Django)", T, () => {
  const python = path.join(path.dirname(project), "python-without-django");
  fs.writeFileSync(python, `#!/bin/sh\nexec ${PYTHON} -S "$@"\n`, { mode: 0o755 }); // -S: no site-packages
  const run = (...args) => spawnSync(BIN, ["--project", project, "--python", python, ...args], {
    env: { PATH: process.env.PATH, ...env }, encoding: "utf8", timeout: 30000,
  });
  const listed = run("tools");
  assert.equal(listed.status, 0);
  assert.match(listed.stdout, /^list_views /m);
  assert.match(listed.stderr, /^djust-mcp: the project's API tools are missing: The Django project could not be loaded: Django is not installed in this interpreter\./);
  const called = run("call", "api_product_list");
  assert.equal(called.status, 2);
  assert.match(called.stderr, /^djust-mcp: the project's API tools are missing: .*Django is not installed[^]*\ndjust-mcp: unknown tool 'api_product_list'/);
});
