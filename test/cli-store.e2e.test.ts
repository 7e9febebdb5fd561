// `babelgram store migrate|check`, run as the real command against SQLite, PostgreSQL (skipped with
// the reason when 127.0.0.1:5432 cannot be reached) and DynamoDB (dynalite).
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import dynalite from "dynalite";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "babelgram-cli-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Only what the command needs: no token, no .env (the cwd is an empty directory). */
const env = (extra: Record<string, string>) => ({ PATH: process.env.PATH ?? "", ...extra });
const run = (args: string[], extra: Record<string, string>) =>
  runCli(["store", ...args], { env: env(extra), cwd: dir });
const lines = (output: string) => output.trim().split("\n");

describe("babelgram store (sqlite)", () => {
  const STORE_URL = `sqlite:${join(dir, "data", "bot.db")}`;

  it("check says to migrate a database that has no schema yet", async () => {
    const { code, output } = await run(["check"], { STORE_URL });
    expect(code).toBe(1);
    expect(output).toContain("store: sqlite store");
    expect(output).toContain("schema version: none (not created yet)");
    expect(output).toContain("run `babelgram store migrate`");
  });

  it("migrate creates the schema once; check then reads and writes", async () => {
    const first = await run(["migrate"], { STORE_URL });
    expect(first.output).toMatch(
      /sqlite store \(.*bot\.db\) migrated from schema version 0 to \d+/,
    );
    expect(first.code).toBe(0);
    const again = await run(["migrate"], { STORE_URL });
    expect(again.output).toMatch(/is up to date: schema version \d+/);
    expect(again.code).toBe(0);

    const check = await run(["check"], { STORE_URL });
    expect(check.output).toMatch(/schema version: \d+ \(up to date\)/);
    expect(check.output).toMatch(/read and write: ok/);
    expect(check.code).toBe(0);
  });

  it("names STORE_URL in one line when it is malformed, without echoing it", async () => {
    const { code, output } = await run(["check"], { STORE_URL: "mysql://root:pa55word@db/x" });
    expect(code).toBe(1);
    expect(lines(output)).toHaveLength(1);
    expect(output).toContain("STORE_URL:");
    expect(output).not.toContain("pa55word");
  });
});

const pgUser = process.env.PGUSER ?? "postgres";
const pgBase = `postgres://${pgUser}@127.0.0.1:5432/test`;
const pgSchema = `babelgram_cli_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
const pgSkipReason = await (async () => {
  const client = new pg.Client({ connectionString: pgBase, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
})();
if (pgSkipReason !== undefined) {
  console.warn(`PostgreSQL CLI tests skipped: cannot reach ${pgBase} (${pgSkipReason})`);
}

describe.skipIf(pgSkipReason !== undefined)("babelgram store (postgres)", () => {
  const STORE_URL = `${pgBase}?schema=${pgSchema}`;
  afterAll(async () => {
    const client = new pg.Client({ connectionString: pgBase });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${pgSchema}" CASCADE`);
    await client.end();
  });

  it("migrate creates the schema; check reports the backend and version", async () => {
    const before = await run(["check"], { STORE_URL });
    expect(before.code).toBe(1);
    expect(before.output).toContain("run `babelgram store migrate`");

    const migrate = await run(["migrate"], { STORE_URL });
    expect(migrate.output).toContain(
      `postgres store (${STORE_URL}) migrated from schema version 0`,
    );
    expect(migrate.code).toBe(0);

    const check = await run(["check"], { STORE_URL });
    expect(check.output).toContain(`store: postgres store (${STORE_URL})`);
    expect(check.output).toMatch(/schema version: \d+ \(up to date\)/);
    expect(check.output).toContain("read and write: ok");
    expect(check.code).toBe(0);
  });

  it("reports an unreachable server in one line, without the password", async () => {
    const { code, output } = await run(["check"], {
      STORE_URL: "postgres://babelgram:hunter2-secret@127.0.0.1:9/test",
    });
    expect(code).toBe(1);
    expect(lines(output)).toHaveLength(1);
    expect(output).toContain(
      "Storage error: PostgreSQL store (postgres://babelgram@127.0.0.1:9/test)",
    );
    expect(output).not.toContain("hunter2");
  });
});

describe("babelgram store (dynamodb)", () => {
  it("migrate creates the table at AWS_ENDPOINT_URL_DYNAMODB; check reads and writes", async () => {
    const server = dynalite({ createTableMs: 0 });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const aws = {
        STORE_URL: "dynamodb:babelgram-cli?region=eu-west-1",
        AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        AWS_ACCESS_KEY_ID: "test-key-id",
        AWS_SECRET_ACCESS_KEY: "test-secret",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      };
      const missing = await run(["check"], aws);
      expect(missing.output).toContain("schema version: none (not created yet)");
      expect(missing.code).toBe(1);
      const migrate = await run(["migrate"], aws);
      expect(migrate.output).toContain(
        "dynamodb store (table babelgram-cli in eu-west-1) migrated from schema version 0 to 1",
      );
      const check = await run(["check"], aws);
      expect(check.output).toContain("read and write: ok");
      expect(check.code).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
