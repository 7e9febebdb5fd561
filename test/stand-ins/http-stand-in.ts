// What the translation stand-ins share: a node:http server on 127.0.0.1 that logs every request,
// answers through the provider's own contract (each stand-in's `answer`), and can be told to fail
// the next requests, to hang, or to park requests until released. The contract itself (paths,
// headers, bodies, limits, error bodies) lives in each provider's file next to this one.
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export interface StandInRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Lowercased names, as Node gives them. */
  headers: Record<string, string>;
  raw: string;
  /** The body parsed, when Content-Type is application/json and it parses; else undefined. */
  json: unknown;
  /** The body parsed, when Content-Type is application/x-www-form-urlencoded; else undefined. */
  form: URLSearchParams | undefined;
}

export interface StandInAnswer {
  status: number;
  /** A string is sent as it is (e.g. a truncated or HTML body); anything else as JSON. */
  body: unknown;
}

/** A preset of the stand-in, "hang" (no answer until reset or close), or a raw answer. */
export type StandInFailure<Preset extends string> = Preset | "hang" | StandInAnswer;

export interface StandIn<Preset extends string, Request extends StandInRequest = StandInRequest> {
  /** Use as the provider's API URL. */
  url: string;
  /** Every request received, in order of arrival. */
  readonly requests: Request[];
  /** The next `count` requests get this answer instead of the normal one. */
  failNext(count: number, failure: StandInFailure<Preset>): void;
  /** Delay before every answer. */
  setLatency(ms: number): void;
  /** Park every request (they are logged) until release(). */
  hold(): void;
  /** Park only the requests that match (they are logged) until release(). */
  holdWhen(predicate: (request: Request) => boolean): void;
  release(): void;
  /** Resolves once `count` requests have arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<Request[]>;
  /** Forgets failures, latency, hold and the log; requests left hanging are dropped. */
  reset(): void;
  close(): Promise<void>;
}

export interface StandInDefinition<
  Preset extends string,
  Request extends StandInRequest = StandInRequest,
> {
  /** For messages, e.g. "DeepL". */
  name: string;
  presets: Record<Preset, StandInAnswer>;
  /** What the log keeps of a request, for a stand-in that logs fields of its own; default as is. */
  read?: (request: StandInRequest) => Request;
  /** The documented answer to a request. */
  answer(request: Request): StandInAnswer;
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** "auto", the trivial way, by script: Hangul, kana, Han, Cyrillic, else English. */
export function guessLanguage(text: string): "ko" | "ja" | "zh" | "ru" | "en" {
  if (/\p{Script=Hangul}/u.test(text)) return "ko";
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) return "ja";
  if (/\p{Script=Han}/u.test(text)) return "zh";
  if (/\p{Script=Cyrillic}/u.test(text)) return "ru";
  return "en";
}

/** A field of a JSON object, or undefined. */
export function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

export async function startHttpStandIn<
  Preset extends string,
  Request extends StandInRequest = StandInRequest,
>(definition: StandInDefinition<Preset, Request>): Promise<StandIn<Preset, Request>> {
  // Without `read`, Request is StandInRequest (its default).
  const read = definition.read ?? ((request: StandInRequest) => request as Request);
  const requests: Request[] = [];
  const failures: StandInFailure<Preset>[] = [];
  let latencyMs = 0;
  let holding = false;
  let holdIf: ((request: Request) => boolean) | undefined;
  let held: (() => void)[] = [];
  let hanging: (() => void)[] = [];
  let waiters: { count: number; resolve: () => void }[] = [];

  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const url = new URL(req.url ?? "/", "http://stand-in");
      const type = mediaType(req.headers["content-type"]);
      const request = read({
        method: req.method ?? "",
        path: url.pathname,
        query: url.searchParams,
        headers: flatten(req.headers),
        raw,
        json: type === "application/json" ? parseJson(raw) : undefined,
        form: type === "application/x-www-form-urlencoded" ? new URLSearchParams(raw) : undefined,
      });
      requests.push(request);
      waiters = waiters.filter((waiter) => {
        if (requests.length < waiter.count) return true;
        waiter.resolve();
        return false;
      });
      const failure = failures.shift();
      if (holding || holdIf?.(request) === true) {
        await new Promise<void>((resolve) => held.push(resolve));
      }
      if (latencyMs > 0) await sleep(latencyMs);
      if (failure === "hang") {
        await new Promise<void>((resolve) => hanging.push(resolve));
        res.destroy();
        return;
      }
      const { status, body } =
        failure === undefined
          ? definition.answer(request)
          : typeof failure === "string"
            ? definition.presets[failure]
            : failure;
      // The client may have given up (timeout) while the request was parked.
      if (res.destroyed) return;
      res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const release = () => {
    holding = false;
    holdIf = undefined;
    for (const resolve of held) resolve();
    held = [];
  };
  const dropHanging = () => {
    for (const resolve of hanging) resolve();
    hanging = [];
  };

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(count, failure) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    hold() {
      holding = true;
    },
    holdWhen(predicate) {
      holdIf = predicate;
    },
    release,
    waitForRequests(count, timeoutMs = 20_000) {
      if (requests.length >= count) return Promise.resolve(requests.slice());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((waiter) => waiter.resolve !== done);
          reject(
            new Error(
              `${definition.name} stand-in: ${requests.length} of ${count} requests arrived`,
            ),
          );
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          resolve(requests.slice());
        };
        waiters.push({ count, resolve: done });
      });
    },
    reset() {
      failures.length = 0;
      latencyMs = 0;
      release();
      dropHanging();
      requests.length = 0;
    },
    async close() {
      release();
      dropHanging();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
