// Which bots have a webhook delivery running: one per bot whose webhook points at this machine (see
// loopback.ts), started, restarted or stopped whenever the webhook settings change.
import type { BotState } from "../bot-state.js";
import type { EmulatorState } from "../state.js";
import type { EmulatorOptions } from "../types.js";
import { WebhookDelivery, type WebhookTiming } from "./delivery.js";
import { isLoopbackUrl } from "./loopback.js";

/** Telegram's timing, unless the emulator was started with shorter times for tests. */
export function webhookTiming(options: EmulatorOptions): WebhookTiming {
  const timing = {
    timeoutMs: options.webhookTimeoutMs ?? 60_000,
    retryBaseMs: options.webhookRetryBaseMs ?? 1_000,
    retryCapMs: options.webhookRetryCapMs ?? 60_000,
  };
  for (const [name, value] of Object.entries(timing)) {
    if (!Number.isFinite(value) || value <= 0) {
      throw new Error(`emulator: ${name} must be a positive number of milliseconds`);
    }
  }
  return timing;
}

export class WebhookDeliveries {
  private readonly running = new Map<BotState, WebhookDelivery>();

  constructor(
    private readonly state: EmulatorState,
    private readonly timing: WebhookTiming,
  ) {}

  /** Makes the bot's delivery match its webhook settings; call after every change to them. */
  sync(bot: BotState): void {
    const current = this.running.get(bot);
    const webhook =
      bot.webhook !== undefined && isLoopbackUrl(bot.webhook.url) ? bot.webhook : undefined;
    if (current !== undefined && webhook !== undefined && current.serves(webhook)) return;
    current?.stop();
    this.running.delete(bot);
    if (webhook !== undefined) {
      this.running.set(bot, new WebhookDelivery(this.state, bot, { ...webhook }, this.timing));
    }
  }

  /** Stops every delivery at once (reset and close); queued updates stay where they are. */
  stopAll(): void {
    for (const delivery of this.running.values()) delivery.stop();
    this.running.clear();
  }
}
