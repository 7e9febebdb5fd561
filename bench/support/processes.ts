// What the benchmarks share besides the load generator: options from the command line, the
// machine-readable report (--json), and the processes under test (built, started, watched, stopped).
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** --name N: a positive integer, else the fallback. */
export function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** --name value: a string, else undefined. */
export function stringOption(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

/** --json: the benchmark prints one JSON line (see Report) instead of its tables. */
export const JSON_OUTPUT = process.argv.includes("--json");

/**
 * What a benchmark prints with --json, for bench/all.ts: figures by name, each one number or the
 * samples of several rounds (the report takes medians over every sample of every run).
 */
export interface Report {
  bench: string;
  /** Settings of the run, shown as they are (counts, concurrency, notes). */
  meta: Record<string, string | number | boolean>;
  figures: Record<string, number | number[]>;
}

export function printReport(report: Report): void {
  console.log(JSON.stringify(report));
}

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * The flags `npm start` gives node (package.json's start script, e.g. the young generation's size):
 * the benchmarks run babelgram's long-running commands the way it ships, not with node's defaults.
 */
export function shippedNodeFlags(): string[] {
  const manifest = JSON.parse(readFileSync(`${ROOT}package.json`, "utf8")) as {
    scripts?: { start?: string };
  };
  const match = /\bnode((?: --\S+)*) bin\/babelgram\.js\b/.exec(manifest.scripts?.start ?? "");
  if (match === null) throw new Error("package.json's start script does not run bin/babelgram.js");
  return (match[1] ?? "").split(" ").filter((flag) => flag !== "");
}

/**
 * Bundles bench/support/launcher.ts the way scripts/build.mjs bundles the CLI, into
 * node_modules/.cache (where the bundle still finds the dependencies); returns its path.
 */
export async function buildLauncher(): Promise<string> {
  const outfile = `${ROOT}node_modules/.cache/babelgram-bench/launcher.mjs`;
  await build({
    entryPoints: [`${ROOT}bench/support/launcher.ts`],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    // As scripts/build.mjs: grammY's web build (the Node build's node-fetch costs MBs of RSS).
    alias: { grammy: "grammy/web" },
    logLevel: "warning",
  });
  return outfile;
}

export interface Started {
  child: ChildProcess;
  /** The first match of the pattern's first group in the process's output. */
  found: string;
  /** Everything it printed so far. */
  output(): string;
}

/** Starts `node args` and resolves once its output matches `ready` (its first group). */
export async function startNode(options: {
  name: string;
  args: string[];
  env: Record<string, string>;
  ready: RegExp;
  timeoutMs?: number;
}): Promise<Started> {
  const child = spawn(process.execPath, options.args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const found = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${options.name} did not start:\n${output}`));
    }, options.timeoutMs ?? 30_000);
    const look = (chunk: Buffer) => {
      output += chunk.toString();
      const match = options.ready.exec(output)?.[1];
      if (match !== undefined) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on("data", look);
    child.stderr?.on("data", look);
    child.on("exit", () => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited early:\n${output}`));
    });
  });
  return { child, found, output: () => output };
}

/** SIGTERM, then waits for the exit (SIGKILL after timeoutMs). */
export async function stop(child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  await exited;
  clearTimeout(timer);
}
