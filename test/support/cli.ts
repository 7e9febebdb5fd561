// Runs the real `babelgram` command (bin/babelgram.js, built into dist/) as a child process.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../bin/babelgram.js", import.meta.url));

export interface Running {
  child: ChildProcess;
  /** stdout and stderr as they arrive. */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface CliOptions {
  env: Record<string, string>;
  cwd: string;
  /** The node binary to run it on (default: this process's). */
  node?: string;
  /** Options for node itself, before the script. */
  nodeArgs?: string[];
}

export function spawnCli(args: string[], options: CliOptions): Running {
  const node = options.node ?? process.execPath;
  const child = spawn(node, [...(options.nodeArgs ?? []), BIN, ...args], {
    env: options.env,
    cwd: options.cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  return { child, output: () => output, exited };
}

/** Runs a CLI command to completion. */
export async function runCli(args: string[], options: CliOptions) {
  const running = spawnCli(args, options);
  const { code } = await running.exited;
  return { code, output: running.output() };
}
