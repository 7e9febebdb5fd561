// `babelgram serve` run in the test's own process (serve() from src/cli/serve.ts) on the port the
// config names (tests use 0: a free one), for tests that need its logs or its config in hand.
import { serve } from "../../src/cli/serve.js";
import type { Config } from "../../src/config.js";
import type { Logger } from "../../src/log.js";

export interface ServingInProcess {
  /** http://127.0.0.1:<port>, the server's own address. */
  url: string;
  /** Stops it the way SIGTERM would (the updates in hand are finished first). */
  stop(): Promise<void>;
}

/** Resolves once the server listens; rejects if serve() ends (or fails) before it does. */
export async function serveInProcess(config: Config, logger: Logger): Promise<ServingInProcess> {
  const controller = new AbortController();
  let listening: (url: string) => void = () => undefined;
  const ready = new Promise<string>((resolve) => (listening = resolve));
  const stopped = serve({ config, logger, signal: controller.signal, onListening: listening });
  const url = await Promise.race([
    ready,
    stopped.then(() => Promise.reject(new Error("serve() returned before listening"))),
  ]);
  return {
    url,
    async stop() {
      controller.abort();
      await stopped;
    },
  };
}
