// The Fetch door of the webhook core, for runtimes that speak Web-standard Request -> Response
// (Node's global fetch types, Deno, Bun, workers). It refuses what it can before reading the body:
// a wrong secret, then a declared or actual length over the limit, so a huge body is never buffered.
import type { WebhookCore, WebhookResponse } from "./webhook-core.js";

function response(answer: WebhookResponse): Response {
  return new Response(answer.body === "" ? null : answer.body, {
    status: answer.status,
    headers: answer.headers,
  });
}

const TOO_LARGE: WebhookResponse = {
  status: 413,
  headers: { "content-type": "text/plain; charset=utf-8" },
  body: "body over 1 MiB",
};

/** The body's bytes, or undefined as soon as it grows past limit (the rest is never read). */
async function readLimited(request: Request, limit: number): Promise<Uint8Array | undefined> {
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, length);
}

export function createFetchHandler(core: WebhookCore): (request: Request) => Promise<Response> {
  return async (request) => {
    const { method, headers } = request;
    if (method.toUpperCase() !== "POST") return response(await core.handle({ method, headers }));
    const refused = core.checkSecret(headers);
    if (refused !== undefined) {
      await request.body?.cancel();
      return response(refused);
    }
    const declared = Number(headers.get("content-length") ?? 0);
    if (declared > core.maxBodyBytes) {
      await request.body?.cancel();
      return response(TOO_LARGE);
    }
    const body = await readLimited(request, core.maxBodyBytes);
    if (body === undefined) return response(TOO_LARGE);
    return response(await core.handle({ method, headers, body, secretChecked: true }));
  };
}
