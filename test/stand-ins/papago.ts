// A local stand-in for Papago Text Translation on Naver Cloud Platform, built from the documented
// contract (/work/shared/notes/translation-providers.md): the same path, headers, bodies and error
// codes. Its "translation" is `${target}:${text}`, so that tests can see which direction was asked.
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export type PapagoPreset =
  "auth" | "quota" | "throttle" | "same-language" | "too-long" | "internal" | "malformed" | "hang";
/** A preset, or a raw answer (a string body is sent as it is, anything else as JSON). */
export type PapagoFailure = PapagoPreset | { status: number; body: unknown };

export interface PapagoRequest {
  method: string;
  path: string;
  /** Lowercased names, as Node gives them. */
  headers: Record<string, string>;
  /** The JSON or urlencoded body's string fields ({} when it could not be parsed). */
  body: Partial<Record<string, string>>;
  raw: string;
}

export interface PapagoStandIn {
  /** Use as apiUrl. */
  url: string;
  /** Every request received, in order of arrival. */
  readonly requests: PapagoRequest[];
  /** The next `count` requests get this answer instead of the normal one. */
  failNext(count: number, failure: PapagoFailure): void;
  /** Delay before every answer. */
  setLatency(ms: number): void;
  /** Park every request (they are logged) until release(). */
  hold(): void;
  /** Park only the requests that match (they are logged) until release(). */
  holdWhen(predicate: (request: PapagoRequest) => boolean): void;
  release(): void;
  /** Resolves once `count` requests have arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<PapagoRequest[]>;
  /** Forgets failures, latency, hold and the log; requests left hanging are dropped. */
  reset(): void;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: unknown;
}

const PATH = "/nmt/v1/translation";
const TEXT_LIMIT = 5000;
const KO_PARTNERS = ["en", "ja", "zh-CN", "zh-TW", "vi", "id", "th", "de", "ru", "es", "it", "fr"];
const LANGUAGES = new Set(["ko", ...KO_PARTNERS]);
const PAIRS = new Set<string>();
for (const [a, b] of [
  ...KO_PARTNERS.map((partner) => ["ko", partner]),
  ...["ja", "fr", "zh-CN", "zh-TW"].map((partner) => ["en", partner]),
  ["ja", "zh-CN"],
  ["ja", "zh-TW"],
  ["zh-CN", "zh-TW"],
]) {
  PAIRS.add(`${a}>${b}`).add(`${b}>${a}`);
}

const gateway = (status: number, errorCode: string, message: string): Answer => ({
  status,
  body: { error: { errorCode, message } },
});
const n2mt = (errorCode: string, message: string, status = 400): Answer =>
  gateway(status, errorCode, message);

const PRESETS: Record<Exclude<PapagoPreset, "hang">, Answer> = {
  auth: gateway(401, "200", "Authentication Failed"),
  quota: gateway(429, "400", "Quota Exceeded"),
  throttle: gateway(429, "410", "Throttle Limited"),
  "same-language": n2mt("N2MT05", "source and target must be different"),
  "too-long": n2mt("N2MT08", "text parameter exceeds max length"),
  internal: n2mt("N2MT99", "Internal server errors", 500),
  malformed: { status: 200, body: '{"message":{"@type":"response","result":{"translatedTe' },
};

/** "auto", the trivial way: Hangul, then kana, then Han, else English. */
function detect(text: string): string {
  if (/\p{Script=Hangul}/u.test(text)) return "ko";
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) return "ja";
  if (/\p{Script=Han}/u.test(text)) return "zh-CN";
  return "en";
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

function parseBody(contentType: string | undefined, raw: string) {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  if (type !== "application/json") return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
    const strings = Object.entries(parsed).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string",
    );
    return Object.fromEntries(strings);
  } catch {
    return undefined;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startPapagoStandIn(
  options: { clientId?: string; clientSecret?: string } = {},
): Promise<PapagoStandIn> {
  const clientId = options.clientId ?? "stand-in-client-id";
  const clientSecret = options.clientSecret ?? "stand-in-client-secret";
  const requests: PapagoRequest[] = [];
  const failures: PapagoFailure[] = [];
  let latencyMs = 0;
  let holding = false;
  let holdIf: ((request: PapagoRequest) => boolean) | undefined;
  let held: (() => void)[] = [];
  let hanging: (() => void)[] = [];
  let waiters: { count: number; resolve: () => void }[] = [];

  function answer(request: PapagoRequest, parsed: Partial<Record<string, string>> | undefined) {
    if (request.path !== PATH || request.method !== "POST") {
      return gateway(404, "300", "Not Found Exception");
    }
    if (
      request.headers["x-ncp-apigw-api-key-id"] !== clientId ||
      request.headers["x-ncp-apigw-api-key"] !== clientSecret
    ) {
      return gateway(401, "200", "Authentication Failed");
    }
    if (parsed === undefined) return gateway(400, "100", "Bad Request Exception");
    const { source, target, text } = parsed;
    if (!source) return n2mt("N2MT01", "source parameter is needed");
    if (source !== "auto" && !LANGUAGES.has(source)) {
      return n2mt("N2MT02", "Unsupported source language");
    }
    if (!target) return n2mt("N2MT03", "target parameter is needed");
    if (!LANGUAGES.has(target)) return n2mt("N2MT04", "Unsupported target language");
    if (text === undefined || text.trim() === "") return n2mt("N2MT07", "text parameter is needed");
    if (text.length > TEXT_LIMIT) return n2mt("N2MT08", "text parameter exceeds max length");
    const from = source === "auto" ? detect(text) : source;
    if (from === target) return n2mt("N2MT05", "source and target must be different");
    if (!PAIRS.has(`${from}>${target}`)) {
      return n2mt("N2MT06", "There is no Source-Target N2MT model.");
    }
    const result = {
      srcLangType: from,
      tarLangType: target,
      translatedText: `${target}:${text}`,
      engineType: "N2MT",
    };
    return {
      status: 200,
      body: {
        message: {
          "@type": "response",
          "@service": "naverservice.nmt.proxy",
          "@version": "1.0.0",
          result,
        },
      },
    };
  }

  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const parsed = parseBody(req.headers["content-type"], raw);
      const request: PapagoRequest = {
        method: req.method ?? "",
        path: new URL(req.url ?? "/", "http://stand-in").pathname,
        headers: flatten(req.headers),
        body: parsed ?? {},
        raw,
      };
      requests.push(request);
      waiters = waiters.filter((waiter) => {
        if (requests.length < waiter.count) return true;
        waiter.resolve();
        return false;
      });
      const failure = failures.shift();
      const hold = holding || holdIf?.(request) === true;
      if (hold) await new Promise<void>((resolve) => held.push(resolve));
      if (latencyMs > 0) await sleep(latencyMs);
      if (failure === "hang") {
        await new Promise<void>((resolve) => hanging.push(resolve));
        res.destroy();
        return;
      }
      const { status, body } =
        failure === undefined
          ? answer(request, parsed)
          : typeof failure === "string"
            ? PRESETS[failure]
            : failure;
      // The client may have given up (timeout) while the request was parked.
      if (res.destroyed) return;
      res.writeHead(status, { "Content-Type": "application/json; charset=UTF-8" });
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
          reject(new Error(`Papago stand-in: ${requests.length} of ${count} requests arrived`));
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
