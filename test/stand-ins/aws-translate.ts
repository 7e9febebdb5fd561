// A local stand-in for Amazon Translate's TranslateText, built from the documented contract
// (/work/shared/notes/translation-providers.md and the service model the AWS SDK v3 ships): the AWS
// JSON 1.1 protocol as the SDK speaks it. `POST /` with `X-Amz-Target:
// AWSShineFrontendService_20170701.TranslateText`, `Content-Type: application/x-amz-json-1.1`, a SigV4
// `Authorization` header (checked: access key id, date/region/translate/aws4_request scope, and the
// signature itself, computed with the secret key), a body {Text, SourceLanguageCode,
// TargetLanguageCode}; answers {TranslatedText, SourceLanguageCode, TargetLanguageCode}, or errors
// as {"__type":"…Exception","Message":"…"} with the model's status codes (400 for client errors,
// 429 TooManyRequests, 500 InternalServer, 503 ServiceUnavailable). Texts over 10,000 UTF-8 bytes get
// TextSizeLimitExceededException. Its "translation" is `${target}:${text}`; a text already in the
// target language comes back unchanged (Amazon does not charge for those, nor refuses them).
// `Settings.Formality` (FORMAL or INFORMAL, anything else a ValidationException) puts `formal:` or
// `informal:` before it and comes back as AppliedSettings for the targets Amazon documents it for;
// for the others it is ignored, as Amazon does.
//
// Point the SDK at it with AWS_ENDPOINT_URL_TRANSLATE=<url> (or the client's `endpoint` option).
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export type AwsTranslatePreset =
  | "unsupported-pair"
  | "low-confidence"
  | "too-long"
  | "too-many-requests"
  | "throttling"
  | "limit-exceeded"
  | "service-quota"
  | "access-denied"
  | "expired-token"
  | "internal"
  | "unavailable"
  | "malformed"
  | "hang";
/** A preset, or a raw answer (a string body is sent as it is, anything else as JSON). */
export type AwsTranslateFailure = AwsTranslatePreset | { status: number; body: unknown };

export interface AwsTranslateRequest {
  method: string;
  path: string;
  /** Lowercased names, as Node gives them. */
  headers: Record<string, string>;
  /** The JSON body's string fields ({} when it could not be parsed). */
  body: Partial<Record<string, string>>;
  /** The body's Settings object as sent ({"Formality":"FORMAL"}), undefined when absent. */
  settings: unknown;
  raw: string;
}

export interface AwsTranslateStandIn {
  /** Use as AWS_ENDPOINT_URL_TRANSLATE (or the client's endpoint). */
  url: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** Every request received, in order of arrival. */
  readonly requests: AwsTranslateRequest[];
  /** The next `count` requests get this answer instead of the normal one. */
  failNext(count: number, failure: AwsTranslateFailure): void;
  /** Forgets failures and the log; requests left hanging are dropped. */
  reset(): void;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: unknown;
}

export const AWS_TRANSLATE_TARGET = "AWSShineFrontendService_20170701.TranslateText";
export const AWS_TRANSLATE_TEXT_LIMIT_BYTES = 10_000;

// Amazon Translate's language codes (any pair of them works).
const LANGUAGES = new Set(
  (
    "af sq am ar hy az bn bs bg ca zh zh-TW hr cs da fa-AF nl en et fa tl fi fr fr-CA ka de el gu ht " +
    "ha he hi hu is id ga it ja kn kk ko lv lt mk ms ml mt mr mn no ps pl pt pt-PT pa ro ru sr si sk " +
    "sl so es es-MX sw sv ta te th tr uk ur uz vi cy"
  ).split(" "),
);

/** The targets Amazon Translate documents Settings.Formality for. */
// prettier-ignore
const FORMALITY_TARGETS = new Set([
  "nl", "fr", "fr-CA", "de", "hi", "it", "ja", "ko", "pt-PT", "es", "es-MX",
]);

const error = (status: number, type: string, message: string): Answer => ({
  status,
  body: { __type: type, Message: message },
});

const PRESETS: Record<Exclude<AwsTranslatePreset, "hang">, Answer> = {
  "unsupported-pair": error(
    400,
    "UnsupportedLanguagePairException",
    "Unsupported language pair: ko to xx.",
  ),
  "low-confidence": {
    status: 400,
    body: {
      __type: "DetectedLanguageLowConfidenceException",
      Message: "Confidence in the detected language is low.",
      DetectedLanguageCode: "en",
    },
  },
  "too-long": error(
    400,
    "TextSizeLimitExceededException",
    "Input text size exceeds limit. Max length of request text allowed is 10000 bytes.",
  ),
  "too-many-requests": error(429, "TooManyRequestsException", "Rate exceeded"),
  throttling: error(400, "ThrottlingException", "Rate exceeded"),
  "limit-exceeded": error(400, "LimitExceededException", "The limit has been exceeded."),
  "service-quota": error(400, "ServiceQuotaExceededException", "Service quota exceeded."),
  "access-denied": error(
    400,
    "AccessDeniedException",
    "User is not authorized to perform: translate:TranslateText",
  ),
  "expired-token": error(400, "ExpiredTokenException", "The security token included has expired"),
  internal: error(500, "InternalServerException", "An internal server error occurred."),
  unavailable: error(503, "ServiceUnavailableException", "Service is temporarily unavailable."),
  malformed: { status: 200, body: '{"TranslatedText":"en:안녕","SourceLanguageCo' },
};

/** "auto", the trivial way: Hangul, then kana, then Han, else English. */
function detect(text: string): string {
  if (/\p{Script=Hangul}/u.test(text)) return "ko";
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) return "ja";
  if (/\p{Script=Han}/u.test(text)) return "zh";
  return "en";
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(",") : value;
  }
  return flat;
}

function parseBody(raw: string): Partial<Record<string, string>> | undefined {
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

function settingsOf(raw: string): unknown {
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === "object" && parsed !== null
      ? (parsed as Record<string, unknown>).Settings
      : undefined;
  } catch {
    return undefined;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const sha256 = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");
const hmac = (key: Buffer | string, data: string) =>
  createHmac("sha256", key).update(data, "utf8").digest();

/** SigV4's canonical URI: every path segment URI-encoded (RFC 3986), "/" when empty. */
function canonicalUri(path: string): string {
  const encoded = path
    .split("/")
    .map((segment) =>
      encodeURIComponent(decodeURIComponent(segment)).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
    .join("/");
  return encoded === "" ? "/" : encoded;
}

/** SigV4 (AWS4-HMAC-SHA256) as AWS computes it, over the headers the client says it signed. */
function expectedSignature(
  request: AwsTranslateRequest,
  query: string,
  auth: { signedHeaders: string[]; date: string; region: string; service: string },
  secretAccessKey: string,
): string {
  const canonicalQuery = [...new URLSearchParams(query)]
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .sort()
    .join("&");
  const canonicalHeaders = auth.signedHeaders
    .map((name) => `${name}:${(request.headers[name] ?? "").trim().replace(/\s+/g, " ")}\n`)
    .join("");
  const payloadHash = request.headers["x-amz-content-sha256"] ?? sha256(request.raw);
  const canonicalRequest = [
    request.method,
    canonicalUri(request.path),
    canonicalQuery,
    canonicalHeaders,
    auth.signedHeaders.join(";"),
    payloadHash,
  ].join("\n");
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = [
    "AWS4-HMAC-SHA256",
    request.headers["x-amz-date"] ?? "",
    scope,
    sha256(canonicalRequest),
  ].join("\n");
  let key = hmac(`AWS4${secretAccessKey}`, auth.date);
  for (const part of [auth.region, auth.service, "aws4_request"]) key = hmac(key, part);
  return hmac(key, stringToSign).toString("hex");
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

export async function startAwsTranslateStandIn(
  options: { accessKeyId?: string; secretAccessKey?: string; region?: string } = {},
): Promise<AwsTranslateStandIn> {
  const accessKeyId = options.accessKeyId ?? "AKIASTANDIN000000000";
  const secretAccessKey = options.secretAccessKey ?? "stand-in-secret-access-key";
  const region = options.region ?? "eu-west-1";
  const requests: AwsTranslateRequest[] = [];
  const failures: AwsTranslateFailure[] = [];
  let hanging: (() => void)[] = [];

  function checkAuth(request: AwsTranslateRequest, query: string): Answer | undefined {
    const header = request.headers.authorization;
    const match = header === undefined ? null : AUTHORIZATION.exec(header);
    if (match === null) {
      return error(400, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    const [, keyId = "", date = "", scopeRegion = "", service = "", signed = "", signature = ""] =
      match;
    if (keyId !== accessKeyId) {
      return error(
        400,
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
      );
    }
    if (service !== "translate" || scopeRegion !== region) {
      return error(
        400,
        "InvalidSignatureException",
        `Credential should be scoped to a valid region and service (translate in ${region}).`,
      );
    }
    const signedHeaders = signed.split(";");
    if (
      !signedHeaders.includes("host") ||
      !(request.headers["x-amz-date"] ?? "").startsWith(date)
    ) {
      return error(400, "IncompleteSignatureException", "Host and X-Amz-Date must be signed.");
    }
    const expected = expectedSignature(
      request,
      query,
      { signedHeaders, date, region: scopeRegion, service },
      secretAccessKey,
    );
    if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
      return error(
        400,
        "InvalidSignatureException",
        "The request signature we calculated does not match the signature you provided. " +
          "Check your AWS Secret Access Key and signing method.",
      );
    }
    return undefined;
  }

  function answer(request: AwsTranslateRequest, query: string): Answer {
    if (request.method !== "POST" || request.path !== "/") {
      return error(404, "UnknownOperationException", "");
    }
    const refused = checkAuth(request, query);
    if (refused !== undefined) return refused;
    if (request.headers["x-amz-target"] !== AWS_TRANSLATE_TARGET) {
      return error(400, "UnknownOperationException", "");
    }
    if (request.headers["content-type"] !== "application/x-amz-json-1.1") {
      return error(400, "SerializationException", "Unsupported Content-Type");
    }
    const body = parseBody(request.raw);
    if (body === undefined) return error(400, "SerializationException", "Malformed JSON body");
    const { Text: text, SourceLanguageCode: source, TargetLanguageCode: target } = body;
    if (text === undefined || source === undefined || target === undefined) {
      return error(
        400,
        "ValidationException",
        "Text, SourceLanguageCode and TargetLanguageCode are required",
      );
    }
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes > AWS_TRANSLATE_TEXT_LIMIT_BYTES) {
      return error(
        400,
        "TextSizeLimitExceededException",
        `Input text size exceeds limit. Max length of request text allowed is ${AWS_TRANSLATE_TEXT_LIMIT_BYTES} bytes while in this request the text size is ${bytes} bytes`,
      );
    }
    if (text.trim() === "") {
      return error(400, "ValidationException", "Text must have length greater than or equal to 1");
    }
    const settings = request.settings;
    if (settings !== undefined && (typeof settings !== "object" || settings === null)) {
      return error(400, "SerializationException", "Settings must be a structure");
    }
    const formality = (settings as { Formality?: unknown } | undefined)?.Formality;
    if (formality !== undefined && formality !== "FORMAL" && formality !== "INFORMAL") {
      return error(
        400,
        "ValidationException",
        `1 validation error detected: Value '${typeof formality === "string" ? formality : JSON.stringify(formality)}' at 'settings.formality' failed to satisfy constraint: Member must satisfy enum value set: [FORMAL, INFORMAL]`,
      );
    }
    const from = source === "auto" ? detect(text) : source;
    if (!LANGUAGES.has(from) || !LANGUAGES.has(target)) {
      return error(
        400,
        "UnsupportedLanguagePairException",
        `Unsupported language pair: ${from} to ${target}.`,
      );
    }
    const applied = formality !== undefined && FORMALITY_TARGETS.has(target);
    const register = !applied ? "" : formality === "FORMAL" ? "formal:" : "informal:";
    return {
      status: 200,
      body: {
        TranslatedText: from === target ? text : `${register}${target}:${text}`,
        SourceLanguageCode: from,
        TargetLanguageCode: target,
        ...(applied ? { AppliedSettings: { Formality: formality } } : {}),
      },
    };
  }

  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const url = new URL(req.url ?? "/", "http://stand-in");
      const request: AwsTranslateRequest = {
        method: req.method ?? "",
        path: url.pathname,
        headers: flatten(req.headers),
        body: parseBody(raw) ?? {},
        settings: settingsOf(raw),
        raw,
      };
      requests.push(request);
      const failure = failures.shift();
      if (failure === "hang") {
        await new Promise<void>((resolve) => hanging.push(resolve));
        res.destroy();
        return;
      }
      const { status, body } =
        failure === undefined
          ? answer(request, url.search)
          : typeof failure === "string"
            ? PRESETS[failure]
            : failure;
      if (res.destroyed) return;
      const type = (body as { __type?: unknown } | undefined)?.__type;
      res.writeHead(status, {
        "Content-Type": "application/x-amz-json-1.1",
        "x-amzn-RequestId": "00000000-0000-4000-8000-000000000000",
        ...(typeof type === "string" ? { "x-amzn-ErrorType": type } : {}),
      });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const dropHanging = () => {
    for (const resolve of hanging) resolve();
    hanging = [];
  };

  return {
    url: `http://127.0.0.1:${port}`,
    accessKeyId,
    secretAccessKey,
    region,
    requests,
    failNext(count, failure) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    reset() {
      failures.length = 0;
      dropHanging();
      requests.length = 0;
    },
    async close() {
      dropHanging();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
