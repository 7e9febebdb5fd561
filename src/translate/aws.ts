// Amazon Translate through the AWS SDK v3 (TranslateTextCommand): one text of at most 10,000 UTF-8
// bytes per call, so the provider kit cuts longer texts (at sentence boundaries) and sends them one
// by one. Credentials come from the SDK's usual chain (on Lambda: the function's role; elsewhere
// AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, SSO…). The endpoint is left to the SDK too,
// so AWS_ENDPOINT_URL_TRANSLATE (or AWS_ENDPOINT_URL) points it at a stand-in or another endpoint.
import type { ProviderFailure } from "../errors.js";
import type { Env } from "../config.js";
import { ConfigError } from "../errors.js";
import {
  createProvider,
  kindOfStatus,
  type ProviderCall,
  type ProviderKit,
} from "./provider-kit.js";
import type { Translator } from "./types.js";

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface AwsOptions {
  region: string;
  /** Another endpoint than the SDK's own choice (which honours AWS_ENDPOINT_URL_TRANSLATE). */
  endpoint?: string;
  /** Fixed credentials; by default the SDK's credential chain finds them. */
  credentials?: AwsCredentials;
  /** Per call; default 5000. */
  timeoutMs?: number;
  /**
   * The SDK's attempts per call; default 1. Retrying is the caller's decision (ProviderError says
   * whether it helps, and another translator may be next): the SDK's backoff would spend the
   * webhook's time budget.
   */
  maxAttempts?: number;
  /** Values that must never appear in an error (the keys and session token of the chain). */
  secrets?: readonly string[];
}

export const AWS_TEXT_LIMIT_BYTES = 10_000;
const PROVIDER = "aws";

/**
 * Targets for which Amazon Translate documents Settings.Formality (it ignores the setting for the
 * others): Dutch, French (and fr-CA), German, Hindi, Italian, Japanese, Korean, Portuguese of
 * Portugal (pt, Brazilian, is not one), Spanish (and es-MX).
 */
// prettier-ignore
export const AWS_FORMALITY: ReadonlySet<string> = new Set([
  "nl", "fr", "fr-CA", "de", "hi", "it", "ja", "ko", "pt-PT", "es", "es-MX",
]);

/** babelgram's codes to Amazon's: Chinese is zh (simplified) and zh-TW; regions in upper case. */
function toAws(code: string): string {
  const [language = "", region] = code.split("-");
  const lower = language.toLowerCase();
  if (lower === "zh" && (region === undefined || region.toUpperCase() === "CN")) return "zh";
  return region === undefined ? lower : `${lower}-${region.toUpperCase()}`;
}

/** Amazon's codes are babelgram's (zh and zh-TW included). */
const fromAws = (code: string): string => code;

// Amazon Translate's exceptions (and the AWS-wide ones of the JSON protocols), by name.
const KINDS: Record<string, ProviderFailure> = {
  UnsupportedLanguagePairException: "unsupported",
  DetectedLanguageLowConfidenceException: "unsupported",
  TextSizeLimitExceededException: "too-long",
  TooManyRequestsException: "rate",
  ThrottlingException: "rate",
  LimitExceededException: "quota",
  ServiceQuotaExceededException: "quota",
  AccessDenied: "auth",
  AccessDeniedException: "auth",
  UnrecognizedClientException: "auth",
  InvalidSignatureException: "auth",
  IncompleteSignatureException: "auth",
  MissingAuthenticationTokenException: "auth",
  ExpiredToken: "auth",
  ExpiredTokenException: "auth",
  InvalidClientTokenId: "auth",
  // No credentials anywhere in the chain: the operator has to act.
  CredentialsProviderError: "auth",
  InternalServerException: "server",
  ServiceUnavailableException: "server",
};

interface SdkError {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  DetectedLanguageCode?: unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown };
}

type TranslateModule = typeof import("@aws-sdk/client-translate");

export function createAwsTranslator(options: AwsOptions): Translator {
  const secrets = [
    ...(options.secrets ?? []),
    options.credentials?.secretAccessKey,
    options.credentials?.sessionToken,
    options.credentials?.accessKeyId,
  ].filter((secret): secret is string => secret !== undefined && secret !== "");

  // Imported on the first call, not at the top: neither the Lambda bundle nor the CLI loads the SDK
  // unless aws is the translator (see src/store/dynamodb.ts for esbuild's reasons).
  let loading:
    | Promise<{ sdk: TranslateModule; client: InstanceType<TranslateModule["TranslateClient"]> }>
    | undefined;
  const load = () =>
    (loading ??= import("@aws-sdk/client-translate").then((sdk) => ({
      sdk,
      client: new sdk.TranslateClient({
        region: options.region,
        maxAttempts: options.maxAttempts ?? 1,
        // No endpoint unless asked: the SDK reads AWS_ENDPOINT_URL_TRANSLATE itself.
        ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
        ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
      }),
    })));

  /** An SDK failure in babelgram's terms; the SDK's error object (and its response) stays here. */
  function failure(error: unknown, kit: ProviderKit) {
    const e = (typeof error === "object" && error !== null ? error : {}) as SdkError;
    const name = typeof e.name === "string" ? e.name : "Error";
    const message = typeof e.message === "string" ? e.message.split("\n")[0] : String(error);
    const status =
      typeof e.$metadata?.httpStatusCode === "number" ? e.$metadata.httpStatusCode : undefined;
    if (status === undefined) {
      if (KINDS[name] !== undefined) return kit.fail(KINDS[name], `${name}: ${message}`);
      // No HTTP answer: refused, reset, DNS, a socket timeout of the SDK's own.
      if (typeof e.code === "string" || name === "TimeoutError") {
        const detail = typeof e.code === "string" ? ` (${e.code})` : "";
        return kit.fail("network", `request failed${detail}`, { cause: error });
      }
      return undefined;
    }
    const requestId =
      typeof e.$metadata?.requestId === "string" ? e.$metadata.requestId : undefined;
    const detected =
      typeof e.DetectedLanguageCode === "string" ? `, detected ${e.DetectedLanguageCode}` : "";
    const suffix = requestId === undefined ? "" : ` (request id ${requestId})`;
    // The SDK could not read the body: a 200 cut short, or a proxy's HTML page with its own status.
    if (name === "SyntaxError") {
      const ok = status >= 200 && status < 300;
      return kit.fail(ok ? "server" : kindOfStatus(status), `HTTP ${status}, not JSON${suffix}`, {
        status,
      });
    }
    return kit.fail(
      KINDS[name] ?? kindOfStatus(status),
      `HTTP ${status}, ${name}: ${message}${detected}${suffix}`,
      { status, code: name },
    );
  }

  async function call(
    { texts, source, target, formality, signal }: ProviderCall,
    kit: ProviderKit,
  ) {
    const [text = ""] = texts;
    let output;
    try {
      const { sdk, client } = await load();
      output = await client.send(
        new sdk.TranslateTextCommand({
          Text: text,
          // "auto" makes Amazon Translate call Amazon Comprehend, so it works only in regions that
          // have Comprehend; elsewhere Translate refuses it.
          SourceLanguageCode: source === "auto" ? "auto" : toAws(source),
          TargetLanguageCode: toAws(target),
          // Only for the targets above (the kit sees to it): elsewhere Amazon would ignore it.
          ...(formality === undefined
            ? {}
            : { Settings: { Formality: formality === "formal" ? "FORMAL" : "INFORMAL" } }),
        }),
        { abortSignal: signal },
      );
    } catch (error) {
      // A timeout or the caller's abort: the kit says which.
      if (signal.aborted) throw error;
      throw failure(error, kit) ?? error;
    }
    if (typeof output.TranslatedText !== "string") {
      throw kit.fail("server", "malformed answer: no TranslatedText", {
        status: output.$metadata.httpStatusCode,
      });
    }
    const detected = output.SourceLanguageCode;
    return {
      texts: [output.TranslatedText],
      ...(typeof detected === "string" && detected !== "" ? { detected: fromAws(detected) } : {}),
    };
  }

  return createProvider({
    name: PROVIDER,
    capabilities: {
      maxTexts: 1,
      limit: { unit: "bytes", max: AWS_TEXT_LIMIT_BYTES },
      autoDetect: true,
    },
    formality: AWS_FORMALITY,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    secrets,
    call,
  });
}

/**
 * aws's options when TRANSLATOR names it, else undefined. The region is AWS_REGION (Lambda sets it)
 * or AWS_DEFAULT_REGION; the credentials are the SDK's business, but their secret parts are kept to
 * be scrubbed from errors.
 */
export function awsOptionsFromEnv(env: Env): AwsOptions | undefined {
  const named = (env.TRANSLATOR ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .includes(PROVIDER);
  if (!named) return undefined;
  const region = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim();
  if (!region) {
    throw new ConfigError({
      variable: "AWS_REGION",
      message:
        "is not set, but TRANSLATOR names aws; set the AWS region of Amazon Translate, e.g. eu-west-1",
    });
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new ConfigError({
      variable: env.AWS_REGION?.trim() ? "AWS_REGION" : "AWS_DEFAULT_REGION",
      message: "is not an AWS region (expected e.g. eu-west-1)",
    });
  }
  const secrets = [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN, env.AWS_ACCESS_KEY_ID]
    .map((value) => value?.trim())
    .filter((value): value is string => value !== undefined && value !== "");
  return { region, secrets };
}
