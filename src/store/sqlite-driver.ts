// Which better-sqlite3 this Node loads. 12.x is built against the running Node's own headers, and
// built against Node 24.19 or later it aborts the process (a failed CHECK in Node) whenever a
// garbage statement is collected outside JavaScript, e.g. by an idle-time GC (nodejs/node#65446).
// 13.x is a Node-API addon, prebuilt, without that flaw, but needs Node 22. So: 13 (installed as
// better-sqlite3-node22) from Node 22 on, 12 on Node 20.
import type BetterSqlite3 from "better-sqlite3";

export type SqliteDriver = typeof BetterSqlite3;

export async function loadSqliteDriver(): Promise<SqliteDriver> {
  const major = Number(process.versions.node.split(".")[0]);
  const driver =
    major >= 22 ? await import("better-sqlite3-node22") : await import("better-sqlite3");
  return driver.default;
}
