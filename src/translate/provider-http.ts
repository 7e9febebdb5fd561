// How translation providers reach their APIs: one request over node:http/https on keep-alive
// connections, answered with the status and the whole body as text. Not the global fetch: Node's
// fetch is undici, which once loaded holds about 12 MB of RSS in the process, and costs about
// 185 µs of CPU per call on Node 20 against 33 µs over node:http (BENCHMARKS.md).
import type { IncomingMessage } from "node:http";
import { http, https } from "../node-http.js";

export interface HttpRequest {
  /** Default POST. */
  method?: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpAnswer {
  status: number;
  text: string;
}

// Idle connections do not keep the process alive (the agent unrefs them), and Node's agent drops
// one when the server's Keep-Alive header says it will.
const agents = {
  http: new http.Agent({ keepAlive: true }),
  https: new https.Agent({ keepAlive: true }),
};

function readText(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => (text += chunk));
    response.on("end", () => resolve(text));
    response.on("error", reject);
  });
}

/**
 * Sends one request and reads the whole answer, whatever its status. Rejects with Node's own error
 * when the request failed (its `code` says how: ECONNREFUSED, ENOTFOUND…), and with an AbortError
 * once the signal is aborted.
 */
export function httpCall(
  url: string,
  request: HttpRequest,
  signal: AbortSignal,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    // Node's own error would keep the URL (a key in its query too) in a field of its own, where
    // the providers' redaction, which rewrites messages, would not see it.
    const target = URL.canParse(url) ? new URL(url) : undefined;
    if (target?.protocol !== "https:" && target?.protocol !== "http:") {
      throw new TypeError(`not an http(s) URL: ${url}`);
    }
    const secure = target.protocol === "https:";
    const { body } = request;
    const call = (secure ? https : http).request(
      target,
      {
        method: request.method ?? "POST",
        headers:
          body === undefined
            ? request.headers
            : { ...request.headers, "content-length": String(Buffer.byteLength(body)) },
        agent: secure ? agents.https : agents.http,
        signal,
      },
      (response) => {
        readText(response).then(
          (text) => resolve({ status: response.statusCode ?? 0, text }),
          reject,
        );
      },
    );
    call.on("error", reject);
    call.end(body);
  });
}
