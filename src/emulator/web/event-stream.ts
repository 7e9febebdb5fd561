// GET /_control/events: the emulator's change events as Server-Sent Events, so the web chat can
// re-fetch a chat the moment the bot (or another tab) changes it instead of polling.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorState } from "../state.js";

/** How long a browser waits before reconnecting after the stream drops. */
const RETRY_MS = 1_000;
/** Comment lines keep idle streams from being cut by proxies and reveal dead peers. */
const HEARTBEAT_MS = 15_000;

export function streamEvents(state: EmulatorState, req: IncomingMessage, res: ServerResponse) {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    connection: "keep-alive",
  });
  // The first bytes go out at once: the browser's `open` fires, and it re-fetches what it missed.
  res.write(`retry: ${RETRY_MS}\n: connected\n\n`);
  const unsubscribe = state.events.subscribe((event) => {
    res.write(`data: ${JSON.stringify(event)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(": ping\n\n"), HEARTBEAT_MS);
  heartbeat.unref();
  // The emulator's close() destroys every connection, which ends up here too.
  const stop = () => {
    unsubscribe();
    clearInterval(heartbeat);
  };
  req.socket.setTimeout(0);
  res.on("close", stop);
}
