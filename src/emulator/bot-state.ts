// Everything the emulator knows about one bot: who it is, its update queue and its one long poll,
// its webhook settings, armed faults, the call log and the messages it sent.
import { randomInt } from "node:crypto";
import type { User, UserFromGetMe } from "grammy/types";
import { BotRecords } from "./bot-records.js";
import { ClientGone, type BotApiError } from "./errors.js";
import { FaultList } from "./faults.js";
import { FloodLimiter } from "./flood-limits.js";
import type { StoredMessage } from "./messages.js";
import type { BotConfig, BotStateView, CallRecord } from "./types.js";
import { UpdateQueue } from "./update-queue.js";

/** Webhook settings; webhook/delivery.ts delivers to the URL and fills in the last_error fields. */
export interface Webhook {
  url: string;
  secret_token?: string;
  max_connections: number;
  ip_address?: string;
  /** A self-signed certificate was uploaded with setWebhook. */
  has_custom_certificate?: boolean;
  last_error_date?: number;
  last_error_message?: string;
}

interface Poll {
  end(error?: Error): void;
}

export function botIdOf(token: string): number {
  const match = /^(\d+):[A-Za-z0-9_-]+$/.exec(token);
  if (match?.[1] === undefined) {
    throw new Error(`emulator: a bot token looks like "123456:secret" (digits, colon, secret)`);
  }
  return Number(match[1]);
}

export class BotState {
  readonly id: number;
  readonly me: UserFromGetMe;
  /** The bot as it appears in `from` of its messages. */
  readonly user: User;
  readonly queue: UpdateQueue;
  readonly faults = new FaultList();
  /** Privacy mode, queries and answers, chat actions, commands, files (see bot-records.ts). */
  readonly records = new BotRecords();
  readonly flood = new FloodLimiter();
  webhook: Webhook | undefined;
  calls: CallRecord[] = [];
  sent: StoredMessage[] = [];
  private poll: Poll | undefined;

  constructor(
    readonly token: string,
    config: BotConfig,
    now: () => number,
  ) {
    this.id = botIdOf(token);
    this.user = {
      id: this.id,
      is_bot: true,
      first_name: config.first_name,
      username: config.username,
    };
    this.me = {
      id: this.id,
      is_bot: true,
      first_name: config.first_name,
      username: config.username,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    };
    // Telegram's update ids start from an arbitrary positive number, never from 0 or 1.
    this.queue = new UpdateQueue(now, 100_000_000 + randomInt(800_000_000));
  }

  view(): BotStateView {
    return {
      pending_update_count: this.queue.size,
      next_update_id: this.queue.nextUpdateId,
      webhook_url: this.webhook?.url ?? "",
      long_polling: this.poll !== undefined,
    };
  }

  /**
   * Becomes the bot's one pending long poll until an update is queued (answered on the next tick,
   * so updates queued together come together), `timeoutMs` passes, the client goes away (rejects
   * with ClientGone) or {@link endPoll} is called (rejects with its error).
   */
  waitForUpdates(timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(new ClientGone());
    return new Promise((resolve, reject) => {
      const cleanups: (() => void)[] = [];
      const poll: Poll = {
        end: (error) => {
          if (this.poll !== poll) return;
          this.poll = undefined;
          for (const cleanup of cleanups) cleanup();
          if (error === undefined) resolve();
          else reject(error);
        },
      };
      this.poll = poll;
      const onAbort = () => poll.end(new ClientGone());
      signal.addEventListener("abort", onAbort, { once: true });
      cleanups.push(() => signal.removeEventListener("abort", onAbort));
      const unsubscribe = this.queue.onPush(() => setImmediate(() => poll.end()));
      cleanups.push(unsubscribe);
      const timer = setTimeout(() => poll.end(), timeoutMs);
      timer.unref();
      cleanups.push(() => clearTimeout(timer));
    });
  }

  /** Answers the pending long poll, if any, with `error` (or with its updates when undefined). */
  endPoll(error?: BotApiError | ClientGone): void {
    this.poll?.end(error);
  }

  /** Forgets everything but the bot itself; update ids keep increasing. */
  reset(): void {
    this.queue.clear();
    this.queue.setAllowedUpdates([]);
    this.faults.clear();
    this.records.clear();
    this.flood.reset();
    this.webhook = undefined;
    this.calls = [];
    this.sent = [];
  }
}
