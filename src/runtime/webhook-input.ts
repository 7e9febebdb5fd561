// Reading a webhook delivery the way every runtime hands it over: headers in any case, a body as text
// or bytes (maybe base64), and a JSON that must look like a Telegram update.
import { createHash, timingSafeEqual } from "node:crypto";
import type { Update } from "grammy/types";

export type HeaderValue = string | readonly string[] | undefined;
/** Plain objects (Node, Lambda events) or a Fetch Headers object. */
export type Headers = Record<string, HeaderValue> | { get(name: string): string | null };

export const SECRET_HEADER = "x-telegram-bot-api-secret-token";

/** Case-insensitive header lookup; API Gateway REST keeps the client's case, HTTP APIs lowercase. */
export function headerValue(headers: Headers | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  if (typeof headers.get === "function") {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const wanted = name.toLowerCase();
  const record = headers as Record<string, HeaderValue>;
  // Node and HTTP APIs lowercase every name: found at once, without walking them all.
  const direct = record[wanted];
  if (direct !== undefined) return typeof direct === "string" ? direct : direct.join(",");
  for (const [key, value] of Object.entries(record)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === "string" ? value : value.join(",");
  }
  return undefined;
}

/**
 * A check of the secret header that takes the same time wherever a wrong value differs from the
 * secret (comparing SHA-256 digests hides the length too).
 */
export function secretChecker(expected: string): (given: string | undefined) => boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  const wanted = digest(expected);
  return (given) => given !== undefined && timingSafeEqual(digest(given), wanted);
}

/** The body as bytes: decoded from base64 when the runtime says it is (Lambda, API Gateway). */
export function bodyBytes(body: string | Uint8Array | undefined, isBase64Encoded = false): Buffer {
  if (body === undefined) return Buffer.alloc(0);
  if (typeof body !== "string") return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return Buffer.from(body, isBase64Encoded ? "base64" : "utf8");
}

export type ParsedUpdate =
  { ok: true; update: Update; type: string | undefined } | { ok: false; reason: string };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * An update is an object with a non-negative integer update_id and at most one more field, an object
 * named after its type. Types this version does not know are still updates (Telegram adds new ones).
 */
export function parseUpdate(bytes: Buffer): ParsedUpdate {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch {
    return { ok: false, reason: "body is not JSON" };
  }
  if (!isPlainObject(json)) return { ok: false, reason: "body is not a JSON object" };
  const id = json.update_id;
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 0) {
    return { ok: false, reason: "update_id is missing or not a non-negative integer" };
  }
  const types = Object.keys(json).filter((key) => key !== "update_id");
  if (types.length > 1)
    return { ok: false, reason: "an update carries one type, this has several" };
  const type = types[0];
  if (type !== undefined && !isPlainObject(json[type])) {
    return { ok: false, reason: `${type} is not an object` };
  }
  return { ok: true, update: json as unknown as Update, type };
}
