// Papago Text Translation on Naver Cloud Platform (the old openapi.naver.com endpoint was shut down
// in February 2024). One text of at most 5000 characters per call, so longer texts go in pieces.
// Formal address is `honorific: true`, documented for Korean and Japanese targets; Papago has no
// switch for informal address, so informal is its default.
import { ProviderError, type ProviderFailure } from "../errors.js";
import { redactSecrets } from "../redact.js";
import { formalityIn } from "./formality.js";
import { httpCall, type HttpAnswer } from "./provider-http.js";
import { splitText } from "./split-text.js";
import type { TranslateRequest, TranslateResult, Translator } from "./types.js";

export interface PapagoOptions {
  clientId: string;
  clientSecret: string;
  /** Default https://papago.apigw.ntruss.com */
  apiUrl?: string;
  /** For each HTTP request (a long text makes several); default 5000. */
  timeoutMs?: number;
}

export const PAPAGO_TEXT_LIMIT = 5000;
const PROVIDER = "papago";
/** Targets for which Papago documents `honorific`. */
export const PAPAGO_FORMALITY: ReadonlySet<string> = new Set(["ko", "ja"]);

/** babelgram says "zh" for Chinese; Papago wants the script. */
function toPapago(code: string): string {
  const lower = code.toLowerCase();
  if (lower === "zh" || lower === "zh-cn") return "zh-CN";
  return lower === "zh-tw" ? "zh-TW" : lower;
}

function fromPapago(code: string): string {
  return code === "zh-CN" ? "zh" : code;
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** NCP nests errors (`{"error":{"errorCode","message"}}`); older answers are flat (`errorMessage`). */
function errorOf(body: unknown): { code: string | undefined; message: string | undefined } {
  const inner = field(body, "error") ?? body;
  const code = field(inner, "errorCode");
  const message = field(inner, "message") ?? field(inner, "errorMessage");
  return {
    code: typeof code === "string" || typeof code === "number" ? String(code) : undefined,
    message: typeof message === "string" ? message : undefined,
  };
}

function kindOf(status: number, code: string | undefined): ProviderFailure {
  if (status >= 500) return "server";
  if (code === "N2MT05") return "same-language";
  if (code === "N2MT08" || status === 413) return "too-long";
  if (code?.startsWith("N2MT")) return "unsupported";
  // Wrong keys, Papago not enabled for them, or a PAPAGO_API_URL that leads nowhere: the operator
  // has to act, and retrying will not help.
  if (status === 401 || status === 403 || status === 404) return "auth";
  // 400 is the paid volume used up; 410/420 (and a 429 without a code) are about speed.
  if (status === 429) return code === "400" ? "quota" : "rate";
  return status >= 400 ? "unsupported" : "server";
}

export function createPapagoTranslator(options: PapagoOptions): Translator {
  const endpoint = `${(options.apiUrl ?? "https://papago.apigw.ntruss.com").trim().replace(/\/+$/, "")}/nmt/v1/translation`;
  const timeoutMs = options.timeoutMs ?? 5000;
  const secrets = [options.clientSecret, options.clientId];
  const redact = (text: string) => redactSecrets(text, secrets);
  // Whatever a server or a library puts into an error, the keys must not reach logs through it.
  const scrub = (error: unknown) =>
    error instanceof Error && redact(error.message) !== error.message
      ? new Error(redact(error.message))
      : error;
  const fail = (
    kind: ProviderFailure,
    message: string,
    extra: { status?: number; code?: string; cause?: unknown } = {},
  ) =>
    new ProviderError({
      provider: PROVIDER,
      kind,
      message: redact(message),
      ...extra,
      cause: scrub(extra.cause),
    });

  async function call(
    text: string,
    source: string,
    target: string,
    honorific: boolean,
    signal?: AbortSignal,
  ) {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal === undefined ? timeout : AbortSignal.any([timeout, signal]);
    let answer: HttpAnswer;
    try {
      answer = await httpCall(
        endpoint,
        {
          headers: {
            "X-NCP-APIGW-API-KEY-ID": options.clientId,
            "X-NCP-APIGW-API-KEY": options.clientSecret,
            "Content-Type": "application/json",
          },
          body: JSON.stringify({ source, target, text, ...(honorific ? { honorific: true } : {}) }),
        },
        combined,
      );
    } catch (error) {
      if (combined.aborted) {
        const why = timeout.aborted
          ? `no answer within ${timeoutMs} ms`
          : "the request was cancelled";
        throw fail("timeout", why, { cause: error });
      }
      const code = field(error, "code");
      const detail = typeof code === "string" ? ` (${code})` : "";
      throw fail("network", `request failed${detail}`, { cause: error });
    }

    let body: unknown;
    let parseError: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch (error) {
      parseError = error;
    }
    const { status } = answer;
    if (status < 200 || status > 299) {
      const { code, message } = errorOf(body);
      const said = [code && `error ${code}`, message].filter(Boolean).join(": ");
      throw fail(kindOf(status, code), `HTTP ${status}${said ? `, ${said}` : ""}`, {
        status,
        ...(code === undefined ? {} : { code }),
      });
    }
    const result = field(field(body, "message"), "result");
    const translated = field(result, "translatedText");
    if (typeof translated !== "string") {
      const what = parseError === undefined ? "no message.result.translatedText" : "not JSON";
      throw fail("server", `malformed answer (HTTP ${status}): ${what}`, {
        status,
        cause: parseError,
      });
    }
    const detected = field(result, "srcLangType");
    return { text: translated, source: typeof detected === "string" ? detected : undefined };
  }

  return {
    name: PROVIDER,
    attribution: "Translated by Papago",
    real: true,
    formality: PAPAGO_FORMALITY,
    async translate(request: TranslateRequest): Promise<TranslateResult> {
      const source = toPapago(request.source);
      const target = toPapago(request.target);
      const honorific =
        request.formality === "formal" && formalityIn(PAPAGO_FORMALITY, request.target);
      const out: string[] = [];
      let detected: string | undefined;
      let sameLanguage: ProviderError | undefined;
      for (const piece of splitText(request.text, PAPAGO_TEXT_LIMIT)) {
        // Papago trims what it translates; the whitespace between pieces is put back by hand.
        const core = piece.trim();
        const lead = piece.slice(0, piece.length - piece.trimStart().length);
        const trail = piece.slice(lead.length + core.length);
        if (core === "") {
          out.push(piece);
          continue;
        }
        try {
          const answer = await call(core, source, target, honorific, request.signal);
          detected ??= answer.source ?? source;
          out.push(lead + answer.text + trail);
        } catch (error) {
          // In a long text, a piece already in the target language is kept as it is.
          if (!(error instanceof ProviderError) || error.kind !== "same-language") throw error;
          sameLanguage = error;
          out.push(piece);
        }
      }
      if (detected === undefined && sameLanguage !== undefined) throw sameLanguage;
      return {
        text: out.join(""),
        source: request.source === "auto" ? fromPapago(detected ?? "auto") : request.source,
        target: request.target,
        provider: PROVIDER,
      };
    },
  };
}
