// Store throughput and hot-path cost per backend: claims and cache reads per second, and the latency
// of what every update pays (claim, settings read, finish). Run: npm run bench:store [-- --ops 2000]
// PostgreSQL is measured when 127.0.0.1:5432 answers; DynamoDB runs against dynalite in-process.
// --json prints the figures as one JSON line (for bench/all.ts).
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import dynalite from "dynalite";
import pg from "pg";
import { openStore } from "../src/store/index.js";
import type { Store } from "../src/store/types.js";
import { percentile, printTable } from "./support/load.js";
import { JSON_OUTPUT, printReport } from "./support/processes.js";

const opsIndex = process.argv.indexOf("--ops");
const OPS = opsIndex >= 0 ? Number(process.argv[opsIndex + 1]) || 2000 : 2000;
const CONCURRENCY = 16;

const dir = mkdtempSync(join(tmpdir(), "babelgram-bench-store-"));
const schema = `babelgram_bench_${process.pid}`;
const pgBase = "postgres://postgres@127.0.0.1:5432/test";
const dynamo = dynalite({ createTableMs: 0 });
await new Promise<void>((resolve) => dynamo.listen(0, "127.0.0.1", resolve));
Object.assign(process.env, {
  AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`,
  AWS_ACCESS_KEY_ID: "bench",
  AWS_SECRET_ACCESS_KEY: "bench",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
});

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: pgBase, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs op(i) for i in [0, count) with CONCURRENCY in flight; returns ops per second. */
async function rate(count: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await op(next++);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

/** What one update costs the store on the hot path, one at a time: claim, settings, finish. */
async function hotPath(store: Store, firstId: number, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await store.claimUpdate(firstId + i, { leaseMs: 60_000 });
    await store.getChatSettings(i % 100);
    await store.finishUpdate(firstId + i);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

const backends: Array<{ name: string; url: string }> = [
  { name: "memory", url: "memory:" },
  { name: "sqlite", url: `sqlite:${join(dir, "bench.db")}` },
];
const postgres = await postgresReachable();
if (postgres) backends.push({ name: "postgres", url: `${pgBase}?schema=${schema}` });
else if (!JSON_OUTPUT) console.log(`PostgreSQL skipped: ${pgBase} does not answer`);
backends.push({ name: "dynamodb (dynalite)", url: "dynamodb:babelgram-bench?region=us-east-1" });

const rows: string[][] = [];
const figures: Record<string, number> = {};
try {
  for (const backend of backends) {
    const store = await openStore(backend.url);
    if (backend.url.startsWith("dynamodb:")) await store.migrate();
    const key = (i: number) => ({
      provider: "bench",
      source: "ko",
      target: "en",
      text: `t${i % 500}`,
    });
    for (let i = 0; i < 500; i++) {
      await store.putTranslation(key(i), { text: `x${i}`, source: "ko" }, { ttlMs: 3_600_000 });
    }
    const ops = backend.name.startsWith("dynamodb") ? Math.min(OPS, 500) : OPS;
    const claims = await rate(ops, (i) => store.claimUpdate(1_000_000 + i, { leaseMs: 60_000 }));
    const reads = await rate(ops, (i) => store.getTranslation(key(i)));
    const hot = await hotPath(store, 2_000_000, Math.min(ops, 1000));
    const id = backend.name.split(" ")[0] ?? backend.name;
    figures[`${id}.claimsPerSecond`] = claims;
    figures[`${id}.cacheReadsPerSecond`] = reads;
    figures[`${id}.hotPathP50Ms`] = percentile(hot, 50);
    figures[`${id}.hotPathP99Ms`] = percentile(hot, 99);
    rows.push([
      backend.name,
      claims.toFixed(0),
      reads.toFixed(0),
      percentile(hot, 50).toFixed(3),
      percentile(hot, 99).toFixed(3),
    ]);
    await store.close();
  }
} finally {
  if (backends.some((backend) => backend.name === "postgres")) {
    const client = new pg.Client({ connectionString: pgBase });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
  await new Promise((resolve) => dynamo.close(resolve));
  rmSync(dir, { recursive: true, force: true });
}

if (JSON_OUTPUT) {
  printReport({
    bench: "store",
    meta: { ops: OPS, concurrency: CONCURRENCY, postgres },
    figures,
  });
} else {
  console.log(`\nNode ${process.version}, ${CONCURRENCY} operations in flight for the rates\n`);
  printTable(["backend", "claims/s", "cache reads/s", "hot path p50 ms", "hot path p99 ms"], rows);
  console.log("\nhot path = claim + settings read + finish for one update, one at a time");
}
