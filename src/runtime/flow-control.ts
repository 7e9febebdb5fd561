// Outgoing flow control, the same for every runtime: a grammY API transformer (on bot.api, which
// grammY copies into every update's ctx.api) that paces sends under Telegram's limits, waits out a
// 429 for its retry_after up to a cap, and retries a call that surely never reached Telegram.
//
// - Pacing: sendMessage, sendPhoto, copyMessage, editMessageText and the other methods that put a
//   message in a chat queue in order per chat and go when Telegram's limits allow (rate-limiter.ts).
//   Other methods (getMe, answerCallbackQuery, setWebhook…) never wait for a turn; getUpdates is
//   left alone entirely (the poller retries it itself, and its long poll must not queue).
// - 429: the call waits retry_after and is made again, the chat waiting with it (or the whole bot,
//   when several chats are refused at once), as long as the call's waits for Telegram stay within
//   maxRetryAfterSeconds (default 60; on Lambda, the webhook budget). Over it, the 429 is passed on:
//   the runtime hands the update back for a later delivery instead of dropping it.
// - Retries: only where the request surely did not take effect, since the Bot API has no idempotent
//   send and a retried message that had arrived would be sent twice: a connection that could not
//   be opened (refused, no route, DNS), and 502/503 (a gateway that could not reach Telegram's
//   server, or a server refusing work). Not 500, 504 or a connection lost mid-request: those may
//   have sent the message; the runtime decides about them for the whole update.
// - Time: every wait ends when the update's signal aborts (shutdown; the budget in "abort" mode) and
//   fails at once when it could only end past the update's deadline (update-context.ts), with
//   SendDeferredError: nothing was sent, the update goes back to Telegram.
import { HttpError, type Bot, type Transformer } from "grammy";
import type { Logger } from "../log.js";
import {
  RateLimiter,
  scaleLimits,
  SendDeferredError,
  TELEGRAM_LIMITS,
  type RateLimits,
  type SendTarget,
  type WaitBounds,
} from "./rate-limiter.js";
import { backoffDelay, type Backoff } from "./timing.js";
import { currentUpdate } from "./update-context.js";

export { SendDeferredError } from "./rate-limiter.js";

export interface FlowControlOptions {
  /**
   * Telegram's retry_after is obeyed while a call's waits for it add up to at most this (default
   * 60 s); longer, and the update is handed back (retry_after has been seen at 20 hours).
   */
  maxRetryAfterSeconds?: number;
  /** Multiplies Telegram's windows (1 s per chat, 1 min per group, 1 s overall); tests use < 1. */
  timeScale?: number;
  /** The limits to keep (default TELEGRAM_LIMITS); benchmarks against a local Bot API raise them. */
  limits?: RateLimits;
  /** Retries of a call that never reached Telegram (default 3), spaced by backoff. */
  maxRetries?: number;
  backoff?: Backoff;
  logger?: Logger;
}

export const DEFAULT_MAX_RETRY_AFTER_SECONDS = 60;
const DEFAULT_BACKOFF: Backoff = { baseMs: 500, capMs: 10_000 };

/** The methods Telegram's flood limits count: each puts (or rewrites) a message in a chat. */
export const PACED_METHODS: ReadonlySet<string> = new Set([
  "sendMessage",
  "sendPhoto",
  "sendDocument",
  "sendVideo",
  "sendAudio",
  "sendVoice",
  "sendAnimation",
  "sendVideoNote",
  "sendSticker",
  "sendMediaGroup",
  "sendPaidMedia",
  "sendLocation",
  "sendVenue",
  "sendContact",
  "sendPoll",
  "sendDice",
  "sendInvoice",
  "sendGame",
  "copyMessage",
  "copyMessages",
  "forwardMessage",
  "forwardMessages",
  "editMessageText",
  "editMessageCaption",
  "editMessageMedia",
  "editMessageReplyMarkup",
  "editMessageLiveLocation",
]);

/** The error codes of "nothing was done, try again": see the top of this file. */
const NOT_PROCESSED_STATUS = new Set([502, 503]);
/** Failures to open the connection: the request never left. */
const CONNECT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
]);

const installed = new WeakSet<Bot>();

/** Installs flow control on the bot (once): every Bot API call of it goes through it. */
export function installFlowControl(bot: Bot, options: FlowControlOptions = {}): void {
  if (installed.has(bot)) return;
  installed.add(bot);
  bot.api.config.use(flowControl(options));
}

/** Whether the bot's calls already wait out 429s themselves (then a 429 reaching a runtime is final). */
export function hasFlowControl(bot: Bot): boolean {
  return installed.has(bot);
}

function targetOf(payload: unknown): SendTarget {
  const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;
  if (typeof chatId === "number") return { chat: chatId, group: chatId < 0 };
  // "@username" names a channel or a public supergroup.
  if (typeof chatId === "string") return { chat: chatId, group: true };
  return { chat: undefined, group: false };
}

/** A connection that could not be opened: the request surely never reached Telegram. */
export function neverSent(error: unknown): boolean {
  if (!(error instanceof HttpError)) return false;
  // node-fetch puts the system error's code on its error; the global fetch puts it on the cause.
  const inner = error.error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = inner?.code ?? inner?.cause?.code;
  return typeof code === "string" && CONNECT_CODES.has(code);
}

/** Waits ms within bounds, or throws SendDeferredError when they do not allow it. */
async function pause(ms: number, bounds: WaitBounds, what: string, cause?: unknown) {
  if (bounds.deadline !== undefined && Date.now() + ms > bounds.deadline) {
    throw new SendDeferredError({
      reason: "deadline",
      message: `${what}: would have to wait ${Math.round(ms)} ms, past the deadline`,
      waitMs: ms,
      cause,
    });
  }
  await new Promise<void>((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      for (const signal of bounds.signals) signal.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      stop();
      reject(
        new SendDeferredError({ reason: "aborted", message: `${what}: wait cut short`, cause }),
      );
    };
    const timer = setTimeout(() => {
      stop();
      resolve();
    }, ms);
    if (bounds.signals.some((signal) => signal.aborted)) return onAbort();
    for (const signal of bounds.signals) signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** The transformer itself, with its own limiter (one per bot: Telegram counts per bot). */
export function flowControl(options: FlowControlOptions = {}): Transformer {
  const limiter = new RateLimiter(
    scaleLimits(options.limits ?? TELEGRAM_LIMITS, options.timeScale ?? 1),
  );
  const capMs = (options.maxRetryAfterSeconds ?? DEFAULT_MAX_RETRY_AFTER_SECONDS) * 1000;
  const maxRetries = options.maxRetries ?? 3;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const logger = options.logger;

  return async (prev, method, payload, signal) => {
    if (method === "getUpdates") return prev(method, payload, signal);
    // The update this call is made for: its signal and deadline bound the call's waits.
    const flow = currentUpdate();
    // grammY's Node typings name node-fetch's AbortSignal; at run time it is the global one.
    const callSignal = signal as unknown as AbortSignal | undefined;
    const bounds: WaitBounds = {
      signals: [callSignal, flow?.signal].filter((item): item is AbortSignal => item !== undefined),
      deadline: flow?.deadline,
    };
    const target = targetOf(payload);
    const where = { method, ...(target.chat === undefined ? {} : { chatId: target.chat }) };
    const turn = PACED_METHODS.has(method) ? await limiter.turn(target, bounds, method) : undefined;
    try {
      let waitedForTelegramMs = 0;
      let retries = 0;
      for (;;) {
        await turn?.slot(bounds);
        let response;
        try {
          response = await prev(method, payload, signal);
        } catch (error) {
          turn?.sent();
          if (!neverSent(error) || retries >= maxRetries) throw error;
          const wait = backoffDelay(++retries, backoff);
          logger?.warn(
            { ...where, err: error, retry: retries, retryInMs: Math.round(wait) },
            "Telegram could not be reached; retrying the call",
          );
          await pause(wait, bounds, method, error);
          continue;
        }
        turn?.sent();
        if (response.ok) return response;
        if (response.error_code === 429) {
          const retryAfterMs = Math.max(1, response.parameters?.retry_after ?? 1) * 1000;
          // Telegram would refuse this chat's next sends too: hold them back as long as this one.
          turn?.refused(Date.now() + Math.min(retryAfterMs, capMs));
          if (waitedForTelegramMs + retryAfterMs > capMs) {
            logger?.warn(
              {
                ...where,
                retryAfterSeconds: retryAfterMs / 1000,
                capSeconds: capMs / 1000,
              },
              "Telegram asks to wait longer than the cap; not waiting, the update goes back for re-delivery",
            );
            return response;
          }
          waitedForTelegramMs += retryAfterMs;
          logger?.info(
            { ...where, retryAfterSeconds: retryAfterMs / 1000 },
            "Telegram asks to wait (429); retrying the call then",
          );
          // A paced call waits in its slot, behind the chat's hold; another waits here.
          if (turn === undefined) await pause(retryAfterMs, bounds, method);
          else if (bounds.deadline !== undefined && Date.now() + retryAfterMs > bounds.deadline) {
            throw new SendDeferredError({
              reason: "deadline",
              message: `${method}: Telegram's retry_after ends past the deadline`,
              waitMs: retryAfterMs,
            });
          }
          continue;
        }
        if (NOT_PROCESSED_STATUS.has(response.error_code) && retries < maxRetries) {
          const wait = backoffDelay(++retries, backoff);
          logger?.warn(
            {
              ...where,
              errorCode: response.error_code,
              retry: retries,
              retryInMs: Math.round(wait),
            },
            "Telegram is unavailable; retrying the call",
          );
          await pause(wait, bounds, method);
          continue;
        }
        return response;
      }
    } finally {
      turn?.end();
    }
  };
}
