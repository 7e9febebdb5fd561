// How a long-running process (polling, the webhook server, the CLI) reaches the Bot API: a grammY
// API transformer that makes JSON calls itself, over undici's keep-alive connection pool, instead
// of through grammY's client (node-fetch). Measured on one loopback sendMessage: about 21 µs of CPU
// against 58 µs for node-fetch, and no AbortController, timer and Promise.race per call; at
// thousands of updates a second that is a tenth of babelgram's work per update (BENCHMARKS.md).
//
// It keeps grammY's contract, so everything above it (flow control, handlers, error handling) sees
// what it would see from grammY's client: the Bot API's JSON answer, ok or not (grammY turns
// ok: false into GrammyError), and HttpError with the underlying error when the request failed or
// the answer was not JSON. Uploads (an InputFile anywhere in the payload) go through grammY's own
// client, which builds the multipart body. The token is in the request path only: undici's errors
// do not carry it.
import { HttpError, InputFile, type Transformer } from "grammy";
import type { ApiResponse } from "grammy/types";
import { Pool } from "undici";

export interface BotApiTransportOptions {
  token: string;
  /** Default https://api.telegram.org; a path prefix (a proxy's) is kept. */
  apiRoot?: string;
  /** Open connections at most (default 64; Telegram's webhook sends at most 100 at a time). */
  connections?: number;
  /** A call's longest wait for headers, then body (default 5 min, as undici's; getUpdates waits 30 s). */
  timeoutMs?: number;
}

export interface BotApiTransport {
  /** The transformer doing the calls: install it first, so that every other one wraps it. */
  transformer: Transformer;
  /** Closes the pooled connections (calls in flight finish first). */
  close(): Promise<void>;
}

const DEFAULT_API_ROOT = "https://api.telegram.org";
const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/** grammY's own check, reduced: its client is needed only where a file is uploaded. */
function hasUpload(value: unknown, depth = 0): boolean {
  if (value instanceof InputFile) return true;
  if (typeof value !== "object" || value === null || depth > 3) return false;
  for (const inner of Object.values(value)) if (hasUpload(inner, depth + 1)) return true;
  return false;
}

/** As grammY serialises payloads: null fields are left out. */
const dropNull = (_key: string, value: unknown) => value ?? undefined;

export function createBotApiTransport(options: BotApiTransportOptions): BotApiTransport {
  const root = new URL(options.apiRoot ?? DEFAULT_API_ROOT);
  const prefix = `${root.pathname.replace(/\/+$/u, "")}/bot${options.token}/`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const pool = new Pool(root.origin, {
    connections: options.connections ?? 64,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const headers = { "content-type": "application/json" };

  const transformer: Transformer = async (prev, method, payload, signal) => {
    if (hasUpload(payload)) return prev(method, payload, signal);
    let text: string;
    try {
      const response = await pool.request({
        method: "POST",
        path: prefix + method,
        headers,
        body: JSON.stringify(payload ?? {}, dropNull),
        signal,
      });
      text = await response.body.text();
    } catch (error) {
      throw new HttpError(`Network request for '${method}' failed!`, error);
    }
    try {
      // The Bot API's answer, as grammY's client would return it: ok, or an error it throws as GrammyError.
      return JSON.parse(text) as ApiResponse<never>;
    } catch (error) {
      throw new HttpError(`Network request for '${method}' failed!`, error);
    }
  };
  return { transformer, close: () => pool.close() };
}
