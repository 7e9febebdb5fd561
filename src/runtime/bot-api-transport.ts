// How babelgram reaches the Bot API: a grammY API transformer that makes the JSON calls itself over
// one keep-alive connection pool (node:http/https), instead of through grammY's client (node-fetch
// in Node, fetch on Lambda). Measured on one loopback sendMessage: about 33 µs of CPU against 58 µs
// for node-fetch and 185 µs for Node 20's fetch, and no AbortController, timer and Promise.race per
// call. undici's pool was faster still (21 µs) but added 25 MB of RSS (its WASM HTTP parser), over
// the memory budget (BENCHMARKS.md).
//
// It keeps grammY's contract, so everything above it (flow control, handlers, error handling) sees
// what it would see from grammY's client: the Bot API's JSON answer, ok or not (grammY turns
// ok: false into GrammyError), and HttpError with the underlying error when the request failed or
// the answer was not JSON. Uploads (an InputFile anywhere in the payload) go through grammY's own
// client, which builds the multipart body. The token is in the request path only: Node's errors do
// not carry it.
import { HttpError, InputFile, type Transformer } from "grammy";
import type { ApiResponse } from "grammy/types";
import { http, https, readText } from "../node-http.js";

export interface BotApiTransportOptions {
  token: string;
  /** Default https://api.telegram.org; a path prefix (a proxy's) is kept. */
  apiRoot?: string;
  /** Open connections at most (default 64; Telegram's webhook sends at most 100 at a time). */
  connections?: number;
  /** How long a call's connection may stay silent (default 5 min; getUpdates waits 30 s). */
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
  const secure = root.protocol === "https:";
  const agentOptions = { keepAlive: true, maxSockets: options.connections ?? 64 };
  const agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  const request = secure ? https.request : http.request;
  const target = { hostname: root.hostname, port: root.port, agent, method: "POST" };

  function post(method: string, body: string, signal: AbortSignal | undefined): Promise<string> {
    return new Promise((resolve, reject) => {
      const call = request(
        {
          ...target,
          path: prefix + method,
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
          },
          ...(signal === undefined ? {} : { signal }),
        },
        (response) => void readText(response).then(resolve, reject),
      );
      call.setTimeout(timeoutMs, () => call.destroy(new Error(`no answer in ${timeoutMs} ms`)));
      call.on("error", reject);
      call.end(body);
    });
  }

  const transformer: Transformer = async (prev, method, payload, signal) => {
    if (hasUpload(payload)) return prev(method, payload, signal);
    let text: string;
    try {
      // grammY's Node typings name node-fetch's AbortSignal; at run time it is the global one.
      const callSignal = signal as unknown as AbortSignal | undefined;
      text = await post(method, JSON.stringify(payload ?? {}, dropNull), callSignal);
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
  return {
    transformer,
    close: () => {
      agent.destroy();
      return Promise.resolve();
    },
  };
}
