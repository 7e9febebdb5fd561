// Live updates from GET /_control/events. EventSource retries by itself after a dropped stream;
// when the browser gives up (the emulator restarted and refused, say), this reconnects with
// backoff. Every (re)connect is reported, because events missed meanwhile mean a full re-fetch.
import type { EmulatorEvent } from "../../events.js";

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;

export function watchEvents(
  onEvent: (event: EmulatorEvent) => void,
  onStatus: (connected: boolean) => void,
): void {
  let delay = FIRST_DELAY_MS;
  const connect = () => {
    const source = new EventSource("/_control/events");
    source.addEventListener("open", () => {
      delay = FIRST_DELAY_MS;
      onStatus(true);
    });
    source.addEventListener("message", (message: MessageEvent<string>) => {
      onEvent(JSON.parse(message.data) as EmulatorEvent);
    });
    source.addEventListener("error", () => {
      onStatus(false);
      if (source.readyState !== EventSource.CLOSED) return;
      source.close();
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    });
  };
  connect();
}
