// The few error classes babelgram throws, named by where the failure happened, so a caller can
// decide what to do from the class alone. Messages never contain the bot token (see log.ts).
import { GrammyError, HttpError } from "grammy";
import { redactSecrets } from "./redact.js";

/** Telegram answered, and said no (`{"ok":false,...}`). */
export class TelegramError extends Error {
  override name = "TelegramError";
  readonly method: string;
  readonly errorCode: number;
  readonly description: string;
  readonly retryAfter: number | undefined;

  constructor(options: {
    method: string;
    errorCode: number;
    description: string;
    retryAfter?: number;
    cause?: unknown;
  }) {
    super(`Telegram refused ${options.method}: ${options.errorCode} ${options.description}`, {
      cause: options.cause,
    });
    this.method = options.method;
    this.errorCode = options.errorCode;
    this.description = options.description;
    this.retryAfter = options.retryAfter;
  }
}

/** The request never got an answer: DNS, refused connection, reset, timeout. */
export class NetworkError extends Error {
  override name = "NetworkError";
  readonly target: string;

  constructor(options: { target: string; message: string; cause?: unknown }) {
    super(`Network error talking to ${options.target}: ${options.message}`, {
      cause: options.cause,
    });
    this.target = options.target;
  }
}

/**
 * What went wrong at a translation provider, in terms the bot can act on:
 * - auth: the keys are wrong or the API is not enabled for them (an operator problem)
 * - quota: the paid volume is used up
 * - rate: too many requests right now; retry later
 * - same-language: source and target are the same, nothing to translate
 * - unsupported: the language pair or the text is not accepted
 * - too-long: the text is over the provider's limit
 * - server: 5xx or an answer that could not be understood
 * - timeout / network: no answer
 */
export type ProviderFailure =
  | "auth"
  | "quota"
  | "rate"
  | "same-language"
  | "unsupported"
  | "too-long"
  | "server"
  | "timeout"
  | "network";

export class ProviderError extends Error {
  override name = "ProviderError";
  readonly provider: string;
  readonly kind: ProviderFailure;
  readonly status: number | undefined;
  readonly code: string | undefined;

  constructor(options: {
    provider: string;
    kind: ProviderFailure;
    message: string;
    status?: number;
    code?: string;
    cause?: unknown;
  }) {
    super(`${options.provider}: ${options.message}`, { cause: options.cause });
    this.provider = options.provider;
    this.kind = options.kind;
    this.status = options.status;
    this.code = options.code;
  }

  /** Whether trying again later (or another provider) can help. */
  get retryable(): boolean {
    return ["quota", "rate", "server", "timeout", "network"].includes(this.kind);
  }
}

/** The store could not be read or written. */
export class StoreError extends Error {
  override name = "StoreError";

  constructor(options: { message: string; cause?: unknown }) {
    super(options.message, { cause: options.cause });
  }
}

/** A configuration value is missing or malformed; the message is one line naming the variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
  readonly variable: string;

  constructor(options: { variable: string; message: string }) {
    super(`${options.variable}: ${options.message}`);
    this.variable = options.variable;
  }
}

/**
 * grammY's errors in babelgram's terms: GrammyError (Telegram said no) -> TelegramError,
 * HttpError (the request failed) -> NetworkError. Anything else is returned unchanged.
 */
export function fromGrammyError(error: unknown): unknown {
  if (error instanceof GrammyError) {
    return new TelegramError({
      method: error.method,
      errorCode: error.error_code,
      description: error.description,
      ...(error.parameters.retry_after === undefined
        ? {}
        : { retryAfter: error.parameters.retry_after }),
      cause: error,
    });
  }
  if (error instanceof HttpError) {
    // node-fetch puts the request URL, token included, into its message.
    const reason = redactSecrets(
      error.error instanceof Error ? error.error.message : String(error.error),
    );
    return new NetworkError({
      target: "Telegram",
      message: `${error.message} (${reason})`,
      cause: error,
    });
  }
  return error;
}
