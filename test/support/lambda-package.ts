// The Lambda package as AWS runs it: built by scripts/package-lambda.mjs, unzipped into an empty
// folder (no node_modules next to it, so anything left out of the bundle fails), and its handler
// invoked in a fresh `node` process. Used by the zip test and by bench/lambda.ts.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { unzipSync } from "fflate";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface Packaged {
  zipPath: string;
  bundleBytes: number;
  zipBytes: number;
  /** The handler as the template names it, e.g. "index.handler". */
  handler: string;
}

export interface PackageScript {
  HANDLER_FILE: string;
  HANDLER: string;
  ZIP_NAME: string;
  /** The Node.js major version the bundle is built for. */
  NODE_MAJOR: number;
}

/** The names the package script writes (index.js, index.handler, the zip's name). */
export async function packageScript(): Promise<PackageScript> {
  const url = pathToFileURL(join(ROOT, "scripts/package-lambda.mjs")).href;
  return (await import(url)) as PackageScript;
}

/** Runs the package script (as `npm run package:lambda` does) with its output in outdir. */
export async function packageLambda(
  outdir: string,
  options: { bundleAwsSdk?: boolean } = {},
): Promise<Packaged> {
  const args = ["scripts/package-lambda.mjs", "--outdir", outdir];
  if (options.bundleAwsSdk) args.push("--bundle-aws-sdk");
  await run(process.execPath, args, { cwd: ROOT });
  const script = await packageScript();
  const zipPath = join(outdir, script.ZIP_NAME);
  const zip = readFileSync(zipPath);
  const files = unzipSync(zip);
  const bundle = files[script.HANDLER_FILE];
  if (bundle === undefined) throw new Error(`${script.HANDLER_FILE} is not in the zip`);
  return {
    zipPath,
    bundleBytes: bundle.length,
    zipBytes: zip.length,
    handler: script.HANDLER,
  };
}

/** Unzips the package into a fresh temporary folder; answers its path. */
export function unzipPackage(zipPath: string, into?: string): string {
  const dir = into ?? mkdtempSync(join(tmpdir(), "babelgram-lambda-task-"));
  for (const [name, bytes] of Object.entries(unzipSync(readFileSync(zipPath)))) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }
  return dir;
}

// Runs in the child: what Lambda's runtime does (load the handler module, call it per event), with
// timings. CommonJS, like the bundle. Results go to a file, since the bot logs to stdout.
const RUNNER = `
const { performance } = require("node:perf_hooks");
const { readFileSync, writeFileSync } = require("node:fs");
const [, , taskDir, handlerSpec, eventsPath, outPath, gapArg] = process.argv;
const gapMs = Number(gapArg ?? 0);
const [file, name] = handlerSpec.split(".");
const events = JSON.parse(readFileSync(eventsPath, "utf8"));
const started = performance.now();
const handler = require(require("node:path").join(taskDir, file + ".js"))[name];
const imported = performance.now();
(async () => {
  const results = [];
  const invokeMs = [];
  for (const [i, event] of events.entries()) {
    if (gapMs > 0 && i > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    const at = performance.now();
    results.push(await handler(event, { awsRequestId: "local-" + i, getRemainingTimeInMillis: () => 15000 }));
    invokeMs.push(performance.now() - at);
  }
  writeFileSync(outPath, JSON.stringify({
    node: process.version, results, invokeMs, bootMs: started, importMs: imported - started, firstAnswerMs: started + (imported - started) + invokeMs[0],
  }));
  process.exit(0);
})().catch((error) => { console.error(error); process.exit(1); });
`;

export interface Invocation {
  /** The Node.js version the handler ran on ("v24.1.0"). */
  node: string;
  results: { statusCode: number; headers: Record<string, string>; body: string }[];
  /** Per event, in order. */
  invokeMs: number[];
  /** From the process's start until the runner began loading the handler (Node's own startup). */
  bootMs: number;
  /** Loading the handler module. */
  importMs: number;
  /** From the process's start until the first event was answered: the cold start. */
  firstAnswerMs: number;
  /** Whatever the process wrote (the bot's logs). */
  stdout: string;
  stderr: string;
}

/**
 * Invokes the unzipped package's handler with events, in one fresh node process; with gapMs, it
 * waits that long between events (untimed), as events arriving apart would. node: the node binary
 * to run it on (default: the one running this).
 */
export async function invokeInFreshNode(
  taskDir: string,
  handler: string,
  events: unknown[],
  env: Record<string, string>,
  options: { gapMs?: number; node?: string } = {},
): Promise<Invocation> {
  const work = mkdtempSync(join(tmpdir(), "babelgram-lambda-run-"));
  // The runner lives outside the task folder, which holds only what the zip held.
  writeFileSync(join(work, "runner.cjs"), RUNNER);
  const eventsPath = join(work, "events.json");
  const outPath = join(work, "out.json");
  writeFileSync(eventsPath, JSON.stringify(events));
  const { stdout, stderr } = await run(
    options.node ?? process.execPath,
    [join(work, "runner.cjs"), taskDir, handler, eventsPath, outPath, String(options.gapMs ?? 0)],
    // Only the env given: nothing from this process (no NODE_OPTIONS, no loader) reaches the child.
    { cwd: taskDir, env, maxBuffer: 64 * 1024 * 1024 },
  ).catch((error: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(`the handler process failed: ${error.message}\n${error.stderr ?? ""}`);
  });
  const out = JSON.parse(readFileSync(outPath, "utf8")) as Omit<Invocation, "stdout" | "stderr">;
  rmSync(work, { recursive: true, force: true });
  return { ...out, stdout, stderr };
}
