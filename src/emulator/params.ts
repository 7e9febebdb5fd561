// Bot API parameters read the way Telegram reads them: from the query string, then from a form or
// JSON body (the body wins). Values are kept as received and read back by type, so a number, a
// boolean or a JSON object may equally arrive as a string (`reply_parameters={"message_id":1}`).
import type { IncomingMessage } from "node:http";
import { badRequest, BotApiError } from "./errors.js";
import { mediaType, readBody } from "./http.js";
import { multipartBoundary, parseMultipart } from "./multipart.js";

export type RawParams = Record<string, unknown>;

/** Larger bodies are refused with 413, as Telegram does; 50 MB is its upload limit for files. */
const MAX_BODY_BYTES = 50 * 1024 * 1024;

/** Collects a request's parameters; throws a BotApiError for a body Telegram would refuse. */
export async function readParams(req: IncomingMessage, url: URL): Promise<RawParams> {
  const raw: RawParams = Object.fromEntries(url.searchParams);
  const body = await readBody(req, MAX_BODY_BYTES);
  if (body === undefined) throw new BotApiError(413, "Request Entity Too Large");
  if (body.length === 0) return raw;
  const type = mediaType(req);
  if (type === "application/x-www-form-urlencoded") {
    return { ...raw, ...Object.fromEntries(new URLSearchParams(body.toString("utf8"))) };
  }
  if (type === "application/json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      throw badRequest("can't parse JSON encoded request body");
    }
    if (!isObject(parsed)) throw badRequest("JSON encoded request body must be an object");
    return { ...raw, ...parsed };
  }
  if (type === "multipart/form-data") {
    // Files stay in the parameters as UploadedFile, under their part name (see methods/files.ts).
    const boundary = multipartBoundary(req.headers["content-type"] ?? "");
    const parts = boundary === undefined ? undefined : parseMultipart(body, boundary);
    if (parts === undefined) throw badRequest("can't parse multipart/form-data request body");
    return { ...raw, ...parts };
  }
  return raw;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Typed access to one call's parameters. An empty string counts as absent, as in Telegram. */
export class Params {
  constructor(readonly raw: RawParams) {}

  has(name: string): boolean {
    const value = this.raw[name];
    return value !== undefined && value !== null && value !== "";
  }

  /** A string parameter; numbers and booleans are turned into their text, JSON into JSON text. */
  string(name: string): string | undefined {
    if (!this.has(name)) return undefined;
    const value = this.raw[name];
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    return JSON.stringify(value);
  }

  /** A whole number; anything that is not one counts as absent (Telegram then uses the default). */
  integer(name: string): number | undefined {
    const value = this.raw[name];
    if (typeof value === "number") return Number.isInteger(value) ? value : Math.trunc(value);
    if (typeof value === "string" && /^\s*[-+]?\d+\s*$/.test(value)) return Number(value);
    return undefined;
  }

  /** `true`, `"true"` (any case) and `"1"` are true; anything else is false. */
  boolean(name: string): boolean {
    const value = this.raw[name];
    if (typeof value === "boolean") return value;
    if (typeof value === "number") return value === 1;
    return typeof value === "string" && (value.toLowerCase() === "true" || value === "1");
  }

  /** A JSON value, given either as JSON in the body or as a JSON-encoded string. */
  json(name: string, what: string): unknown {
    if (!this.has(name)) return undefined;
    const value = this.raw[name];
    if (typeof value !== "string") return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw badRequest(`can't parse ${what} JSON object`);
    }
  }
}
