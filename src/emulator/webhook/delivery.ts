// Delivering one bot's updates to its webhook, the way Telegram's WebhookActor does it: updates of
// one chat go out one at a time and in order, at most max_connections at once; an update leaves the
// queue on a 2xx answer and is otherwise retried at once, then after 2, 4, 8 … base delays up to a
// randomised cap, or after the answer's Retry-After. Timers run on the real clock, so a test's fake
// `now` (which ages updates) never stalls a retry.
import type { Agent } from "node:http";
import type { Update } from "grammy/types";
import { http, https } from "../../node-http.js";
import type { BotState, Webhook } from "../bot-state.js";
import { unixSeconds } from "../messages.js";
import { isObject } from "../params.js";
import type { EmulatorState } from "../state.js";
import { updateKind } from "../update-queue.js";
import { postUpdate, type WebhookAnswer } from "./post.js";
import { runWebhookReply } from "./reply.js";

export interface WebhookTiming {
  timeoutMs: number;
  retryBaseMs: number;
  retryCapMs: number;
}

interface Retry {
  fails: number;
  /** The backoff step, doubled after each failure but the first. */
  delayMs: number;
  /** Not sent again before this time (Date.now() milliseconds). */
  dueAt: number;
}

const MAX_RETRY_AFTER_SECONDS = 3600;

/**
 * The line an update waits in: its chat's, so one chat's updates stay in order (a callback query
 * goes with its message's chat), or a line of its own when it has no chat (inline queries).
 */
export function deliveryLine(update: Update): string {
  const fields = update as unknown as Record<string, unknown>;
  const payload = fields[updateKind(fields)];
  const holder =
    isObject(payload) && !isObject(payload.chat) && isObject(payload.message)
      ? payload.message
      : payload;
  const chat = isObject(holder) ? holder.chat : undefined;
  return isObject(chat) && typeof chat.id === "number"
    ? `chat ${chat.id}`
    : `update ${update.update_id}`;
}

/** Retry-After in whole seconds, as Telegram reads it (anything else counts as none), capped. */
function retryAfterSeconds(answer: WebhookAnswer): number {
  const value = answer.headers["retry-after"];
  if (typeof value !== "string" || !/^\s*\d+\s*$/.test(value)) return 0;
  return Math.min(MAX_RETRY_AFTER_SECONDS, Number(value));
}

export class WebhookDelivery {
  private readonly url: URL;
  private readonly agent: Agent;
  /** Lines with an update in flight; its size is the number of open deliveries. */
  private readonly busyLines = new Set<string>();
  private readonly retries = new Map<number, Retry>();
  private readonly stopper = new AbortController();
  private readonly unsubscribe: () => void;
  private timer: NodeJS.Timeout | undefined;
  private pumpQueued = false;

  constructor(
    private readonly state: EmulatorState,
    private readonly bot: BotState,
    private readonly settings: Readonly<Webhook>,
    private readonly timing: WebhookTiming,
  ) {
    this.url = new URL(settings.url);
    this.agent =
      this.url.protocol === "https:"
        ? new https.Agent({ keepAlive: true })
        : new http.Agent({ keepAlive: true });
    this.unsubscribe = bot.queue.onPush(() => this.schedule());
    this.schedule();
  }

  /** Whether `webhook` is what this delivery serves; a repeated setWebhook keeps it running. */
  serves(webhook: Webhook): boolean {
    return (
      webhook.url === this.settings.url &&
      webhook.secret_token === this.settings.secret_token &&
      webhook.max_connections === this.settings.max_connections
    );
  }

  /** Stops at once: in-flight requests are aborted and their updates stay queued. */
  stop(): void {
    if (this.stopped) return;
    this.stopper.abort();
    this.unsubscribe();
    clearTimeout(this.timer);
    this.agent.destroy();
  }

  private get stopped(): boolean {
    return this.stopper.signal.aborted;
  }

  /** One pump per turn of the event loop, however many updates were queued in it. */
  private schedule(): void {
    if (this.pumpQueued || this.stopped) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  /** Sends every update that may go now: the first of each idle line, if due, up to the limit. */
  private pump(): void {
    if (this.stopped) return;
    const now = Date.now();
    const pending = this.bot.queue.peek(Number.MAX_SAFE_INTEGER);
    const seen = new Set<string>();
    let nextDue = Infinity;
    for (const update of pending) {
      if (this.busyLines.size >= this.settings.max_connections) break;
      const line = deliveryLine(update);
      if (seen.has(line)) continue;
      seen.add(line);
      if (this.busyLines.has(line)) continue;
      const dueAt = this.retries.get(update.update_id)?.dueAt ?? 0;
      if (dueAt > now) {
        nextDue = Math.min(nextDue, dueAt);
        continue;
      }
      this.busyLines.add(line);
      void this.deliver(update).finally(() => {
        this.busyLines.delete(line);
        this.schedule();
      });
    }
    const queued = new Set(pending.map((update) => update.update_id));
    for (const id of this.retries.keys()) if (!queued.has(id)) this.retries.delete(id);
    clearTimeout(this.timer);
    if (nextDue !== Infinity) {
      this.timer = setTimeout(() => this.schedule(), nextDue - now);
      this.timer.unref();
    }
  }

  /** One attempt; never throws. */
  private async deliver(update: Update): Promise<void> {
    let answer: WebhookAnswer;
    try {
      answer = await postUpdate(this.url, JSON.stringify(update), {
        ...(this.settings.secret_token === undefined
          ? {}
          : { secretToken: this.settings.secret_token }),
        agent: this.agent,
        timeoutMs: this.timing.timeoutMs,
        signal: this.stopper.signal,
      });
    } catch (error) {
      if (!this.stopped) this.failed(update, error instanceof Error ? error.message : "Error", 0);
      return;
    }
    if (this.stopped) return;
    if (answer.status < 200 || answer.status > 299) {
      const message = `Wrong response from the webhook: ${answer.status} ${answer.reason}`;
      return this.failed(update, message, retryAfterSeconds(answer));
    }
    this.retries.delete(update.update_id);
    this.bot.queue.remove(update.update_id);
    await runWebhookReply(this.state, this.bot, answer, this.stopper.signal);
  }

  private failed(update: Update, message: string, retryAfter: number): void {
    const webhook = this.bot.webhook;
    if (webhook !== undefined && this.serves(webhook)) {
      webhook.last_error_date = unixSeconds(this.state.now());
      webhook.last_error_message = message;
    }
    const id = update.update_id;
    const before = this.retries.get(id) ?? { fails: 0, delayMs: this.timing.retryBaseMs, dueAt: 0 };
    let delayMs = before.delayMs;
    let waitMs = retryAfter * 1000;
    // Telegram retries the first failure at once; only later ones back off.
    if (retryAfter === 0 && before.fails > 0) {
      const cap = this.timing.retryCapMs * (1 + Math.random());
      delayMs = Math.min(cap, before.delayMs * 2);
      waitMs = delayMs;
    }
    this.retries.set(id, { fails: before.fails + 1, delayMs, dueAt: Date.now() + waitMs });
  }
}
