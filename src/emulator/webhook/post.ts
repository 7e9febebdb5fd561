// One webhook delivery attempt: POST the update as JSON, read the whole answer, and turn every way
// of failing into the words Telegram puts in getWebhookInfo's last_error_message.
import type { Agent, IncomingHttpHeaders } from "node:http";
import { http, https } from "../../node-http.js";

export interface WebhookAnswer {
  status: number;
  /** The reason phrase, e.g. "Bad Gateway". */
  reason: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface PostOptions {
  secretToken?: string;
  agent: Agent;
  timeoutMs: number;
  signal: AbortSignal;
}

/** A delivery that got no HTTP answer; the message is Telegram's wording. */
export class WebhookFailure extends Error {
  override name = "WebhookFailure";
}

/** A webhook reply carries one method call; anything this large is not one. */
const MAX_ANSWER_BYTES = 10 * 1024 * 1024;

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: "Connection refused",
  ECONNRESET: "Connection reset by peer",
  EPIPE: "Connection reset by peer",
  ETIMEDOUT: "Connection timed out",
  EHOSTUNREACH: "No route to host",
  ENETUNREACH: "Network is unreachable",
  ENOTFOUND: "Failed to resolve host: Name or service not known",
  EAI_AGAIN: "Failed to resolve host: Temporary failure in name resolution",
};

function failureMessage(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  const text = error instanceof Error ? error.message : String(error);
  if (typeof code === "string" && NETWORK_ERRORS[code] !== undefined) return NETWORK_ERRORS[code];
  if (typeof code === "string" && /TLS|SSL|CERT/.test(code)) return `SSL error {${text}}`;
  return text;
}

export function postUpdate(url: URL, json: string, options: PostOptions): Promise<WebhookAnswer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let timedOut = false;
    const finish = (outcome: WebhookAnswer | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const fail = (error: unknown) =>
      finish(new WebhookFailure(timedOut ? "Read timeout expired" : failureMessage(error)));

    const send = url.protocol === "https:" ? https.request : http.request;
    const req = send(url, {
      method: "POST",
      agent: options.agent,
      signal: options.signal,
      headers: {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(json),
        ...(options.secretToken === undefined
          ? {}
          : { "x-telegram-bot-api-secret-token": options.secretToken }),
      },
    });
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy();
    }, options.timeoutMs);
    req.on("error", fail);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
      });
      res.on("error", fail);
      res.on("aborted", () => fail(new Error("Connection closed")));
      res.on("end", () =>
        finish({
          status: res.statusCode ?? 0,
          reason: res.statusMessage ?? "",
          headers: res.headers,
          body: Buffer.concat(chunks),
        }),
      );
    });
    req.end(json);
  });
}
