// babelgram as the benchmarks run it: `babelgram serve` (argument "serve") or `babelgram start` with
// a token (argument "start"), the same functions the CLI runs, but with Telegram's sending limits
// raised. As shipped, babelgram paces its replies under Telegram's limits (30 a second per bot,
// about one a second per chat after 3), which real Telegram enforces; the local Bot API enforces
// none, and the bare bots compared with babelgram do not pace at all. Here the same limiter runs with
// raised limits (raised-limits.ts): its cost stays in the figures, its waits do not.
// Bundled by bench/support/processes.ts (buildLauncher) and run with plain `node`, like the CLI.
import { loadConfig } from "../../src/config.js";
import { loggerFor, serve } from "../../src/cli/serve.js";
import { poll } from "../../src/cli/start.js";
import { runUntilSignal } from "../../src/cli/run-until-signal.js";
import { RAISED_LIMITS } from "./raised-limits.js";

const mode = process.argv[2];
const config = loadConfig(process.env);
const logger = loggerFor(config);
const flowControl = { limits: RAISED_LIMITS };
if (mode === "serve") {
  const host = "127.0.0.1";
  await runUntilSignal(logger, (signal) =>
    serve({
      config: { ...config, server: { ...config.server, host, port: 0 } },
      logger,
      signal,
      flowControl,
    }),
  );
} else if (mode === "start") {
  await poll({ config, logger, leaseMs: 60_000, flowControl });
} else {
  console.error("usage: launcher.mjs serve|start");
  process.exitCode = 2;
}
