// Loaded before every test file (NODE_OPTIONS=--import=...; see tests/CMakeLists.txt): the npm
// packages the tests import are installed in the build folder (DJUST_E2E_MODULES_DIR holds the
// node_modules), not here, so that a test run leaves the source tree as it was. Package imports
// of the test files resolve from there; everything else resolves as usual.
import { register } from "node:module";
import { pathToFileURL } from "node:url";

// A node process started without the variable (the Claude Code CLI given an environment of its
// own) resolves as usual.
const dir = process.env.DJUST_E2E_MODULES_DIR;
if (dir) register("./build_modules_hook.mjs", import.meta.url, { data: { parentURL: pathToFileURL(`${dir}/`).href } });
