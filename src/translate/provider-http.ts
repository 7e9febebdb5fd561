// How translation providers reach their APIs: one request over node:http/https on keep-alive
// connections, answered with the status and the whole body as text. Not the global fetch: Node's
// fetch is undici, which once loaded holds about 12 MB of RSS in the process, and costs about
// 185 µs of CPU per call on Node 20 against 33 µs over node:http (BENCHMARKS.md).
import { http, https, readText } from "../node-http.js";

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

// Idle connections do not keep the process alive (the agent unrefs them), and are closed after 4 s,
// as fetch's are: before a server (or a Lambda freeze) drops one under the next request. The agent
// closes only idle ones on that timeout; a call in flight keeps its own deadline (its signal).
const agentOptions = { keepAlive: true, timeout: 4_000 };
const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };

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
