// A local stand-in for Papago Text Translation on Naver Cloud Platform, built from the documented
// contract (/work/shared/notes/translation-providers.md): the same path, headers, bodies and error
// codes. Its "translation" is `${target}:${text}`, so that tests can see which direction was asked;
// `formal:${target}:${text}` when `honorific` (a boolean; "true" in a form body) is true and the
// target is Korean or Japanese, the targets Papago documents it for (elsewhere it is ignored).
// The HTTP plumbing (request log, failures, latency, hold) is test/stand-ins/http-stand-in.ts.
import {
  startHttpStandIn,
  type StandIn,
  type StandInAnswer,
  type StandInRequest,
} from "./http-stand-in.js";

export type PapagoPreset =
  "auth" | "quota" | "throttle" | "same-language" | "too-long" | "internal" | "malformed" | "hang";
/** A preset, or a raw answer (a string body is sent as it is, anything else as JSON). */
export type PapagoFailure = PapagoPreset | { status: number; body: unknown };

export interface PapagoRequest extends StandInRequest {
  /** The JSON or urlencoded body's string fields ({} when it could not be parsed). */
  body: Partial<Record<string, string>>;
  /** `honorific` as sent: a boolean in JSON, a string in a form body; undefined when absent. */
  honorific: unknown;
}

/** Use its url as apiUrl. */
export type PapagoStandIn = StandIn<Exclude<PapagoPreset, "hang">, PapagoRequest>;

const PATH = "/nmt/v1/translation";
const TEXT_LIMIT = 5000;
/** Targets whose translations `honorific` makes formal. */
const HONORIFIC_TARGETS = new Set(["ko", "ja"]);
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

const gateway = (status: number, errorCode: string, message: string): StandInAnswer => ({
  status,
  body: { error: { errorCode, message } },
});
const n2mt = (errorCode: string, message: string, status = 400): StandInAnswer =>
  gateway(status, errorCode, message);

const PRESETS: Record<Exclude<PapagoPreset, "hang">, StandInAnswer> = {
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

/** The body's `honorific`, as sent (undefined when absent or the body does not parse). */
function honorificOf(contentType: string | undefined, raw: string): unknown {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") {
    return new URLSearchParams(raw).get("honorific") ?? undefined;
  }
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === "object" && parsed !== null
      ? (parsed as Record<string, unknown>).honorific
      : undefined;
  } catch {
    return undefined;
  }
}

/** honorific is a boolean: JSON true or false, or "true" or "false" in a form body. */
function honorificFlag(request: PapagoRequest): boolean | "invalid" {
  const sent = request.honorific;
  if (sent === undefined) return false;
  const type = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  const form = type === "application/x-www-form-urlencoded";
  if (form ? sent === "true" : sent === true) return true;
  if (form ? sent === "false" : sent === false) return false;
  return "invalid";
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

export async function startPapagoStandIn(
  options: { clientId?: string; clientSecret?: string } = {},
): Promise<PapagoStandIn> {
  const clientId = options.clientId ?? "stand-in-client-id";
  const clientSecret = options.clientSecret ?? "stand-in-client-secret";

  function answer(request: PapagoRequest): StandInAnswer {
    if (request.path !== PATH || request.method !== "POST") {
      return gateway(404, "300", "Not Found Exception");
    }
    if (
      request.headers["x-ncp-apigw-api-key-id"] !== clientId ||
      request.headers["x-ncp-apigw-api-key"] !== clientSecret
    ) {
      return gateway(401, "200", "Authentication Failed");
    }
    const parsed = parseBody(request.headers["content-type"], request.raw);
    if (parsed === undefined) return gateway(400, "100", "Bad Request Exception");
    const { source, target, text } = parsed;
    const honorific = honorificFlag(request);
    if (honorific === "invalid") return gateway(400, "100", "Bad Request Exception");
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
      translatedText: `${honorific && HONORIFIC_TARGETS.has(target) ? "formal:" : ""}${target}:${text}`,
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

  return startHttpStandIn({
    name: "Papago",
    presets: PRESETS,
    read: (request): PapagoRequest => ({
      ...request,
      body: parseBody(request.headers["content-type"], request.raw) ?? {},
      honorific: honorificOf(request.headers["content-type"], request.raw),
    }),
    answer,
  });
}
