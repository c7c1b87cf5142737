// Without --project the server finds the project from the MCP roots the client offers (asked
// with roots/list after initialized, again on notifications/roots/list_changed), else from its
// working directory: through the SDK client, as Claude Code, Cursor and VS Code would.

import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { ListRootsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

import { fixturePython, tempDir, withClient } from "./helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(here, "../fixtures");
const T = { timeout: 180000 };
const PYTHON = fixturePython();

/** The test project copied to `<fresh folder>/<subfolder>` (with the djust stand-in it imports next to it). */
function projectCopy(subfolder) {
  const root = tempDir("djust-roots-");
  const skip = (source) => !source.includes("__pycache__");
  const project = path.join(root, subfolder);
  fs.cpSync(path.join(FIXTURES, "project"), project, { recursive: true, filter: skip });
  fs.cpSync(path.join(FIXTURES, "djust_compat"), path.join(path.dirname(project), "djust_compat"), {
    recursive: true,
    filter: skip,
  });
  return { root, project };
}

function emptyDir() {
  return tempDir("djust-roots-cwd-");
}

async function projectOf(client) {
  const views = await client.callTool({ name: "list_views", arguments: {} }, undefined, { timeout: 90000 });
  assert.equal(views.isError, undefined, JSON.stringify(views));
  return views.structuredContent.project;
}

describe("the project from the client's roots", () => {
  test("the first root holding manage.py (or one just below it); a roots change is followed", T, async () => {
    const first = projectCopy("site");
    const second = projectCopy(path.join("repo", "backend")); // manage.py one level below the root
    let roots = [{ uri: pathToFileURL(path.join(os.tmpdir())).href + "/no-such-folder" }, { uri: pathToFileURL(first.project).href }];
    let asked = 0;
    await withClient(
      async ({ client, sent }) => {
        assert.equal(await projectOf(client), first.project);
        roots = [{ uri: pathToFileURL(path.join(second.root, "repo")).href, name: "repo" }];
        await client.sendRootsListChanged();
        assert.equal(await projectOf(client), second.project);
        assert.equal(asked, 2, "roots/list once after initialized and once after the change");
        assert.ok(sent.some((m) => m.result && Array.isArray(m.result.roots)), "the client answered roots/list");
      },
      {
        args: ["--python", PYTHON],
        cwd: emptyDir(),
        capabilities: { roots: { listChanged: true } },
        beforeConnect: (client) =>
          client.setRequestHandler(ListRootsRequestSchema, () => {
            asked += 1;
            return { roots };
          }),
      },
    );
  });

  test("a client without roots: the project is found from the working directory upwards", T, async () => {
    const { project } = projectCopy("site");
    await withClient(
      async ({ client, received }) => {
        assert.equal(await projectOf(client), project);
        assert.ok(!received.some((m) => m.method === "roots/list"), "roots/list was sent to a client without roots");
      },
      { args: ["--python", PYTHON], cwd: path.join(project, "shop") },
    );
  });

  test("roots without a project (Claude Code offers the folder it runs in): the working directory decides", T, async () => {
    const { project } = projectCopy("site");
    await withClient(
      async ({ client }) => {
        assert.equal(await projectOf(client), project);
      },
      {
        args: ["--python", PYTHON],
        cwd: project,
        capabilities: { roots: {} },
        beforeConnect: (client) =>
          client.setRequestHandler(ListRootsRequestSchema, () => ({ roots: [{ uri: pathToFileURL(emptyDir()).href }] })),
      },
    );
  });
});
