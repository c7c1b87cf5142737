// Which Python runs the user's project, and what the user is told when it is the wrong one:
// VIRTUAL_ENV, a virtualenv inside the project, manage.py's #! line; errors and `doctor` name the
// interpreter, why it was chosen and how to choose another; a project that does not load is
// reported once at start, as a log message, without waiting for a call.

import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

import { BIN, fixturePython, tempDir, withClient, withTimeout } from "./helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(here, "../fixtures");
const T = { timeout: 120000 };
// The real interpreter behind the fake virtualenvs: one with Django and DRF.
const REAL_PYTHON = execFileSync(fixturePython(), ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).trim();

/** A copy of the test project (and the djust stand-in it imports) in a fresh folder; returns the project. */
function projectCopy() {
  const root = tempDir("djust-interp-");
  const skip = (source) => !source.includes("__pycache__");
  fs.cpSync(path.join(FIXTURES, "project"), path.join(root, "project"), { recursive: true, filter: skip });
  fs.cpSync(path.join(FIXTURES, "djust_compat"), path.join(root, "djust_compat"), { recursive: true, filter: skip });
  return path.join(root, "project");
}

/**
 * A fake virtualenv at `dir`: pyvenv.cfg and a bin/python script that records that it ran, then
 * runs the real interpreter with `flags` (-S: without site-packages, so without Django).
 */
function fakeVenv(dir, { flags = "" } = {}) {
  fs.mkdirSync(path.join(dir, "bin"), { recursive: true });
  fs.writeFileSync(path.join(dir, "pyvenv.cfg"), `home = ${path.dirname(REAL_PYTHON)}\n`);
  const python = path.join(dir, "bin", "python");
  fs.writeFileSync(python, `#!/bin/sh\necho "$0" >> "${dir}/ran"\nexec ${REAL_PYTHON} ${flags} "$@"\n`, { mode: 0o755 });
  return { python, ran: () => (fs.existsSync(path.join(dir, "ran")) ? fs.readFileSync(path.join(dir, "ran"), "utf8") : "") };
}

function doctor(project, env = {}) {
  return spawnSync(BIN, ["--project", project, "doctor"], {
    encoding: "utf8",
    timeout: 90000,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
  });
}

async function listViews(client) {
  return client.callTool({ name: "list_views", arguments: {} }, undefined, { timeout: 90000 });
}

describe("the project's interpreter", () => {
  test("VIRTUAL_ENV is used when set", T, async () => {
    const project = projectCopy();
    const venv = fakeVenv(path.join(path.dirname(project), "active-env"));
    const env = { VIRTUAL_ENV: path.dirname(path.dirname(venv.python)) };
    const report = doctor(project, env);
    assert.equal(report.status, 0, report.stdout + report.stderr);
    assert.match(report.stdout, new RegExp(`python +${venv.python}  \\(from VIRTUAL_ENV\\)`));
    await withClient(
      async ({ client }) => {
        const views = await listViews(client);
        assert.equal(views.isError, undefined, JSON.stringify(views));
        assert.ok(views.structuredContent.views.some((v) => v.name === "CounterView"));
      },
      { args: ["--project", project], env },
    );
    assert.match(venv.ran(), /active-env\/bin\/python/);
  });

  test("a virtualenv inside the project (.venv) is used without any setting", T, async () => {
    const project = projectCopy();
    const venv = fakeVenv(path.join(project, ".venv"));
    const report = doctor(project);
    assert.equal(report.status, 0, report.stdout + report.stderr);
    assert.match(report.stdout, new RegExp(`python +${venv.python}  \\(project venv \\.venv\\)`));
    await withClient(
      async ({ client }) => {
        const views = await listViews(client);
        assert.equal(views.isError, undefined, JSON.stringify(views));
      },
      { args: ["--project", project] },
    );
    assert.match(venv.ran(), /\.venv\/bin\/python/);
  });

  test("an absolute interpreter in manage.py's #! line is used", T, async () => {
    const project = projectCopy();
    const venv = fakeVenv(path.join(path.dirname(project), "elsewhere"));
    const manage = path.join(project, "manage.py");
    fs.writeFileSync(manage, fs.readFileSync(manage, "utf8").replace(/^#!.*\n/, `#!${venv.python}\n`));
    const report = doctor(project);
    assert.equal(report.status, 0, report.stdout + report.stderr);
    assert.match(report.stdout, new RegExp(`python +${venv.python}  \\(manage\\.py shebang\\)`));
    await withClient(
      async ({ client }) => {
        assert.equal((await listViews(client)).isError, undefined);
      },
      { args: ["--project", project] },
    );
    assert.match(venv.ran(), /elsewhere\/bin\/python/);
  });

  test("a Python without Django: the error and the start-time log say which, why, and how to choose", T, async () => {
    const project = projectCopy();
    const venv = fakeVenv(path.join(project, ".venv"), { flags: "-S" });
    const expectations = (text) => {
      assert.match(text, /Django is not installed in this interpreter/);
      assert.ok(text.includes(`Interpreter: ${venv.python} (project venv .venv)`), text);
      assert.match(text, /--python \/path\/to\/python or set DJUST_MCP_PYTHON/);
    };
    await withClient(
      async ({ client, stderr }) => {
        const logged = [];
        client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => logged.push(n.params));
        // Reported at start, before any call, without logging/setLevel.
        await withTimeout(
          (async () => {
            while (!logged.some((m) => m.level === "error")) await new Promise((r) => setTimeout(r, 50));
          })(),
          60000,
          "the start-time log message",
        );
        const message = logged.find((m) => m.level === "error");
        assert.equal(message.logger, "project");
        assert.match(message.data, /cannot be loaded, so the project tools/);
        expectations(message.data);
        const views = await listViews(client);
        assert.equal(views.isError, true);
        expectations(views.content[0].text);
        assert.equal(stderr().match(/cannot be loaded, so the project tools/g)?.length, 1, stderr());
      },
      { args: ["--project", project] },
    );
  });

  test("the start-time load runs in the background: initialize and other tools do not wait for it", T, async () => {
    const started = Date.now();
    await withClient(
      async ({ client }) => {
        const connected = Date.now() - started;
        assert.ok(connected < 4000, `connect took ${connected} ms while the project loads for 6 s`);
        const asked = Date.now();
        const decorators = await client.callTool({ name: "get_decorators", arguments: { name: "debounce" } });
        assert.equal(decorators.isError, undefined);
        assert.ok(Date.now() - asked < 2000, "a knowledge tool waited for the project to load");
        assert.equal((await listViews(client)).isError, undefined); // waits for the load under way
      },
      {
        args: ["--project", path.join(FIXTURES, "project"), "--python", REAL_PYTHON],
        env: { DJUST_FIXTURE_IMPORT_DELAY: "6" },
      },
    );
  });

  test("a settings module that fails to import is named with its last traceback line", T, async () => {
    await withClient(
      async ({ client }) => {
        const views = await listViews(client);
        assert.equal(views.isError, true);
        const text = views.content[0].text;
        assert.match(
          text,
          /the project's settings \(or an app they name\) failed to import: ModuleNotFoundError: No module named 'a_package_that_is_not_installed'/,
        );
        assert.match(text, /Interpreter: .* \(from --python \/ DJUST_MCP_PYTHON\)/);
      },
      {
        args: ["--project", path.join(FIXTURES, "project"), "--python", REAL_PYTHON],
        env: { DJANGO_SETTINGS_MODULE: "fixture_project.settings_broken" },
      },
    );
  });
});

describe("djust-mcp doctor", () => {
  test("reports the test project ready, djust with its version", T, () => {
    const report = spawnSync(BIN, ["--project", path.join(FIXTURES, "project"), "--python", REAL_PYTHON, "doctor"], {
      encoding: "utf8",
      timeout: 90000,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    });
    assert.equal(report.status, 0, report.stdout + report.stderr);
    assert.match(report.stdout, /djust +1\.1\.0\n/);
    assert.match(report.stdout, /found +\d+ LiveViews/);
    assert.match(report.stdout, /All set/);
  });

  test("a djust without __version__ is installed, not 'cannot be imported'", T, () => {
    const project = projectCopy();
    const init = path.join(path.dirname(project), "djust_compat", "djust", "__init__.py");
    fs.writeFileSync(init, fs.readFileSync(init, "utf8").replace(/^__version__ = .*$/m, ""));
    const report = doctor(project, { DJUST_MCP_PYTHON: REAL_PYTHON });
    assert.equal(report.status, 0, report.stdout + report.stderr);
    assert.match(report.stdout, /djust +installed \(version unknown\)\n/);
    assert.doesNotMatch(report.stdout, /cannot be imported/);
  });
});
