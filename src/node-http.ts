// node:http and node:https as babelgram's own clients and servers use them: taken with
// process.getBuiltinModule rather than an ES import. On Node 22 and later an ES import of node:http
// evaluates every export for the module's namespace, its lazy WebSocket, EventSource and
// MessageEvent getters too, and those load undici: on Node 24 about 12 MB of RSS and 60 ms of
// start-up, in every process, for classes babelgram never uses (nodejs/node#59686; BENCHMARKS.md,
// fifth round). Types may still be imported from "node:http" (eslint.config.js allows type imports
// only).
import type { IncomingMessage } from "node:http";

export const http = process.getBuiltinModule("node:http");
export const https = process.getBuiltinModule("node:https");

/** A response's whole body as text. */
export function readText(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => (text += chunk));
    response.on("end", () => resolve(text));
    response.on("error", reject);
  });
}
