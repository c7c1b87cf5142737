// A program run on a pseudo-terminal, for end-to-end tests of interactive behaviour. It uses
// `script` (util-linux, in every Debian) to give the program a terminal, so no native module or
// Python is needed: we write keystrokes to script's stdin and read the terminal's output.

import { spawn, spawnSync } from "node:child_process";

/** True when `script` from util-linux can be run. */
export function haveScript() {
  const result = spawnSync("script", ["--version"], { encoding: "utf8" });
  return !result.error && /util-linux/.test(result.stdout);
}

/** Quotes `word` for /bin/sh. */
export function shellQuote(word) {
  return `'${String(word).replaceAll("'", `'\\''`)}'`;
}

export class TerminalSession {
  /** Runs `argv` on a terminal with `env` (TERM defaults to xterm). */
  constructor(argv, { env = {}, cwd } = {}) {
    this.output = "";
    this.offset = 0; // waitFor() looks at output from here on
    this.waiters = [];
    this.child = spawn("script", ["-qfec", argv.map(shellQuote).join(" "), "/dev/null"], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { TERM: "xterm", PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
      cwd,
    });
    this.child.stdin.on("error", () => {}); // the program may be gone; exit checks report it
    this.exit = new Promise((resolve) => this.child.on("exit", (code, signal) => resolve({ code, signal })));
    const take = (chunk) => {
      this.output += chunk.toString("utf8");
      for (const wake of this.waiters.splice(0)) wake();
    };
    this.child.stdout.on("data", take);
    this.child.stderr.on("data", take);
  }

  /** Sends keystrokes. */
  type(text) {
    this.child.stdin.write(text);
  }

  /** Output since the last waitFor() (or the start). */
  get recent() {
    return this.output.slice(this.offset);
  }

  /**
   * Waits until the output after the previous match contains `pattern` (string or RegExp);
   * returns that new output and moves past it. Fails with what was seen after `ms`.
   */
  async waitFor(pattern, ms = 10000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const recent = this.recent;
      const index = typeof pattern === "string" ? recent.indexOf(pattern) : recent.search(pattern);
      if (index >= 0) {
        const length = typeof pattern === "string" ? pattern.length : recent.slice(index).match(pattern)[0].length;
        this.offset += index + length;
        return recent.slice(0, index + length);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`timed out waiting for ${pattern}; the terminal showed: ${JSON.stringify(recent)}`);
      }
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for the program to end (killing it after `ms`). */
  async finish(ms = 10000) {
    const timer = setTimeout(() => this.child.kill("SIGKILL"), ms);
    try {
      return await this.exit;
    } finally {
      clearTimeout(timer);
    }
  }
}
