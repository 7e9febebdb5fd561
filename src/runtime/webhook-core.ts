// The webhook core: one delivery from Telegram in, one HTTP answer out, whatever the runtime. It checks
// the secret, the size and the shape of the update, claims the update so that a re-delivery is not
// answered twice, and runs the bot within a time budget. The Node server, the Lambda handler and the
// Fetch handler are thin adapters around it.
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../log.js";
import { chatKeyOf, createChatQueue } from "./chat-queue.js";
import { handleUpdate, type HandleOptions, type Outcome } from "./handle-update.js";
import { isStoreOutage } from "./outage.js";
import { backoffDelay, sleep } from "./timing.js";
import { createMemoryClaims, type UpdateClaims } from "./update-claims.js";
import { installUpdateScope } from "./update-scope.js";
import {
  bodyBytes,
  headerValue,
  parseUpdate,
  secretChecker,
  SECRET_HEADER,
  type Headers,
} from "./webhook-input.js";

export const MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_BUDGET_MS = 8000;

export interface WebhookRequest {
  /** Defaults to POST, for runtimes that route by method before the core sees the request. */
  method?: string;
  headers?: Headers;
  body?: string | Uint8Array;
  isBase64Encoded?: boolean;
  /** Set by an adapter that has passed these headers through checkSecret: no second hash. */
  secretChecked?: boolean;
}

export interface WebhookResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** How a delivery ended, for metrics. */
export type DeliveryResult =
  | "handled" // the bot ran and finished
  | "failed" // the bot gave up on it for good (logged); acknowledged so Telegram stops re-sending
  | "deferred" // not finished within the budget, busy elsewhere, or handed back: Telegram retries
  | "duplicate" // handled before: acknowledged without running the bot
  | "ignored" // an update type the bot does not handle
  | "rejected"; // wrong secret, too large, not an update

export interface WebhookObserver {
  delivery(event: { result: DeliveryResult; seconds: number; type?: string }): void;
}

export interface WebhookCoreOptions {
  bot: Bot;
  logger: Logger;
  /** When set, deliveries must carry it in X-Telegram-Bot-Api-Secret-Token. */
  secret?: string;
  /** Update types the bot handles (the allowed_updates of setWebhook); others are acknowledged. */
  handledTypes: readonly string[];
  budgetMs?: number;
  maxBodyBytes?: number;
  claims?: UpdateClaims;
  /** How long a claim holds before another delivery may take the update over (a worker died). */
  leaseMs?: number;
  /**
   * What happens to an update still running when its budget is spent: "finish" keeps it running
   * (a server; the re-delivery then finds it done), "abort" cuts its Telegram calls off (Lambda
   * freezes after answering, so nothing may be left running).
   */
  afterBudget?: "finish" | "abort";
  /**
   * Sent in Retry-After when Telegram is asked to come back (default 1 s: a re-delivery of an update
   * still running here just waits for it, so coming back soon costs little).
   */
  retryAfterSeconds?: number;
  handling?: Omit<HandleOptions, "bot" | "logger" | "signal">;
  observer?: WebhookObserver;
}

export interface WebhookCore {
  handle(request: WebhookRequest): Promise<WebhookResponse>;
  /** The secret check alone, for adapters that can answer before reading the body. */
  checkSecret(headers: Headers | undefined): WebhookResponse | undefined;
  /** The answer to a body over maxBodyBytes, for adapters that stop reading at the limit. */
  tooLarge(): WebhookResponse;
  /** The answer to a delivery from an address that may not deliver (WEBHOOK_TELEGRAM_IPS_ONLY). */
  forbidden(): WebhookResponse;
  readonly maxBodyBytes: number;
  /** Waits for updates still running after their answer; aborts them after timeoutMs. */
  drain(options?: { timeoutMs?: number }): Promise<void>;
}

interface Running {
  outcome: Promise<Outcome>;
  controller: AbortController;
}

function text(status: number, body: string, headers: Record<string, string> = {}): WebhookResponse {
  return { status, headers: { "content-type": "text/plain; charset=utf-8", ...headers }, body };
}

/** Resolves with the outcome, or with "late" after ms (one promise and one timer per update). */
function within(work: Promise<Outcome>, ms: number): Promise<Outcome | "late"> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve("late"), Math.max(0, ms));
    work.then(
      (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      },
      (error: Error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export function createWebhookCore(options: WebhookCoreOptions): WebhookCore {
  const { bot, logger } = options;
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const claims = options.claims ?? createMemoryClaims();
  const leaseMs = options.leaseMs ?? Math.max(60_000, budgetMs * 2);
  const afterBudget = options.afterBudget ?? "finish";
  const retryLater = text(503, "try again later", {
    "retry-after": String(options.retryAfterSeconds ?? 1),
  });
  const handled = new Set(options.handledTypes);
  const running = new Map<number, Running>();
  // Telegram may deliver a chat's next update before the previous one is answered (max_connections
  // > 1): updates of one chat are handled in order, other chats alongside.
  const chats = createChatQueue();
  let initialised: Promise<void> | undefined;
  // Only where late calls must be cut off: elsewhere an update's calls finish on their own.
  if (afterBudget === "abort") installUpdateScope(bot);
  const checkToken = options.secret === undefined ? undefined : secretChecker(options.secret);

  function secretRefusal(headers: Headers | undefined): WebhookResponse | undefined {
    if (checkToken === undefined || checkToken(headerValue(headers, SECRET_HEADER)))
      return undefined;
    return text(401, "wrong or missing secret token");
  }

  // Refusals an adapter makes before the core sees the whole request still count as deliveries.
  function refusedEarly(response: WebhookResponse): WebhookResponse {
    options.observer?.delivery({ result: "rejected", seconds: 0 });
    return response;
  }

  function checkSecret(headers: Headers | undefined): WebhookResponse | undefined {
    const refusal = secretRefusal(headers);
    return refusal === undefined ? undefined : refusedEarly(refusal);
  }

  const tooLarge = () => refusedEarly(text(413, "body over 1 MiB"));
  const forbidden = () => refusedEarly(text(403, "deliveries come from Telegram only"));

  /**
   * Records the update as finished, again and again while the store is out of reach: until then it
   * stays running here, so that its re-delivery waits for it rather than claiming it anew once the
   * store is back (which would answer it twice). Stops at the end of the lease.
   */
  async function finishClaim(id: number, signal: AbortSignal): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await claims.finish(id);
      } catch (error) {
        if (signal.aborted || !isStoreOutage(error)) throw error;
        logger.warn(
          { err: error, updateId: id, attempt },
          "could not record the update as done; trying again",
        );
        await sleep(backoffDelay(attempt, { baseMs: 200, capMs: 5000 }), signal);
      }
    }
  }

  function start(update: Update, deadline: number): Running {
    const id = update.update_id;
    const controller = new AbortController();
    // Past its lease another instance may take the update over: this one stops waiting to retry it
    // (a store outage can last that long) and lets the re-delivery decide.
    const lease = setTimeout(() => controller.abort(), leaseMs);
    lease.unref();
    const work = () =>
      handleUpdate(update, {
        ...options.handling,
        bot,
        logger,
        signal: controller.signal,
        // Cut off at the budget, Telegram calls that could only go after it are not even waited for;
        // nor those that would leave too late to be answered in time (a send cut off mid-way may
        // have arrived, and the re-delivery would send it again).
        ...(afterBudget === "abort" ? { deadline: deadline - Math.min(500, budgetMs / 4) } : {}),
      });
    const outcome = chats
      .run(chatKeyOf(update), () =>
        controller.signal.aborted ? Promise.resolve<Outcome>("aborted") : work(),
      )
      .then(async (result) => {
        try {
          // Given up counts as finished: a re-delivery would fail the same way.
          const again = result === "aborted" || result === "deferred";
          await (again ? claims.release(id) : finishClaim(id, controller.signal));
        } catch (error) {
          logger.error({ err: error, updateId: id }, "could not record the update's claim");
        } finally {
          clearTimeout(lease);
          running.delete(id);
        }
        return result;
      });
    const entry = { outcome, controller };
    running.set(id, entry);
    return entry;
  }

  async function run(update: Update, deadline: number): Promise<[DeliveryResult, WebhookResponse]> {
    const id = update.update_id;
    let entry = running.get(id);
    if (entry === undefined) {
      let claim;
      try {
        initialised ??= bot.init().catch((error: unknown) => {
          initialised = undefined;
          throw error;
        });
        await initialised;
        claim = await claims.claim(id, { leaseMs });
      } catch (error) {
        logger.error(
          { err: error, updateId: id },
          "cannot take the update now; Telegram will retry",
        );
        return ["deferred", retryLater];
      }
      if (claim === "done") return ["duplicate", text(200, "")];
      if (claim === "busy") return ["deferred", retryLater];
      entry = running.get(id) ?? start(update, deadline);
    }
    const outcome = await within(entry.outcome, deadline - Date.now());
    if (outcome === "late") {
      logger.warn({ updateId: id, budgetMs }, "update not finished within the budget");
      if (afterBudget === "abort") entry.controller.abort();
      return ["deferred", retryLater];
    }
    if (outcome === "aborted" || outcome === "deferred") return ["deferred", retryLater];
    return [outcome === "done" ? "handled" : "failed", text(200, "")];
  }

  async function handle(request: WebhookRequest): Promise<WebhookResponse> {
    const startedAt = Date.now();
    const [result, response, type] = await classify(request, startedAt + budgetMs);
    const seconds = (Date.now() - startedAt) / 1000;
    options.observer?.delivery({ result, seconds, type });
    logger.debug({ result, status: response.status, type, seconds }, "webhook delivery answered");
    return response;
  }

  async function classify(
    request: WebhookRequest,
    deadline: number,
  ): Promise<[DeliveryResult, WebhookResponse, string?]> {
    if ((request.method ?? "POST").toUpperCase() !== "POST") {
      return ["rejected", text(405, "webhook deliveries are POST requests", { allow: "POST" })];
    }
    const refused = request.secretChecked === true ? undefined : secretRefusal(request.headers);
    if (refused !== undefined) return ["rejected", refused];
    const bytes = bodyBytes(request.body, request.isBase64Encoded);
    if (bytes.length > maxBodyBytes) return ["rejected", text(413, "body over 1 MiB")];
    const parsed = parseUpdate(bytes);
    if (!parsed.ok) {
      logger.warn({ reason: parsed.reason }, "webhook delivery is not a Telegram update");
      return ["rejected", text(400, parsed.reason)];
    }
    if (parsed.type === undefined || !handled.has(parsed.type)) {
      return ["ignored", text(200, ""), parsed.type];
    }
    const [result, response] = await run(parsed.update, deadline);
    return [result, response, parsed.type];
  }

  async function drain(drainOptions: { timeoutMs?: number } = {}): Promise<void> {
    const all = Promise.all([...running.values()].map((entry) => entry.outcome));
    if (
      (await within(
        all.then(() => "done"),
        drainOptions.timeoutMs ?? 30_000,
      )) === "late"
    ) {
      for (const entry of running.values()) entry.controller.abort();
      await all;
    }
  }

  return { handle, checkSecret, tooLarge, forbidden, maxBodyBytes, drain };
}
