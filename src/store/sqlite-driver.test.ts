// better-sqlite3 as each Node needs it (sqlite-driver.ts). A process that leaves thousands of
// statements to the garbage collector must run to its end: on Node 24 with better-sqlite3 12 it
// aborts within a second. Run on this node, and on the Lambda runtime's (Node 24) where CI
// provides it in LAMBDA_NODE.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { NODES } from "../../test/support/nodes.js";

const script = `
  const { loadSqliteDriver } = await import(${JSON.stringify(new URL("./sqlite-driver.ts", import.meta.url).href)});
  const Database = await loadSqliteDriver();
  const db = new Database(":memory:");
  for (let round = 0; round < 300; round++) {
    // Each pragma() prepares a statement and drops it.
    for (let i = 0; i < 200; i++) db.pragma("user_version", { simple: true });
    const garbage = Array.from({ length: 20000 }, (_, i) => ({ i }));
    await new Promise((resolve) => setImmediate(resolve, garbage));
  }
  console.log("ran to the end on " + process.version);`;

function run(node: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(node, ["--import", "tsx", "--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("loadSqliteDriver", () => {
  it.each(NODES)(
    "gives a driver whose collected statements do not abort the process (on $name)",
    async ({ node }) => {
      const { code, output } = await run(node);
      expect(output).toMatch(/ran to the end on v\d+/);
      expect(code).toBe(0);
    },
    60_000,
  );
});
