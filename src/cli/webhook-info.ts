// `babelgram webhook info`: getWebhookInfo in words: where updates go, how many wait, and the last
// delivery error with how long ago it happened.
import { Command } from "commander";
import type { WebhookInfo } from "grammy/types";
import { HANDLED_UPDATE_TYPES } from "../bot/index.js";
import { telegramCall, telegramFromEnv } from "./telegram.js";
import { nowInSeconds, timeAgo } from "./time-ago.js";

function allowedUpdates(allowed: readonly string[] | undefined): string {
  if (allowed === undefined || allowed.length === 0) {
    return "Telegram's default (all but chat_member, message_reaction and message_reaction_count)";
  }
  const missing = HANDLED_UPDATE_TYPES.filter((type) => !allowed.includes(type));
  const note =
    missing.length === 0
      ? ""
      : ` (babelgram also needs ${missing.join(", ")}: run babelgram webhook set again)`;
  return `${allowed.join(", ")}${note}`;
}

/** getWebhookInfo's answer as lines of text; `nowSeconds` is the current Unix time. */
export function describeWebhookInfo(info: WebhookInfo, nowSeconds: number): string[] {
  const pending = `  pending updates: ${info.pending_update_count}`;
  if (info.url === undefined || info.url === "") {
    return ["No webhook set; the bot uses getUpdates (long polling).", pending];
  }
  const lines = [`Webhook: ${info.url}`, pending];
  if (info.max_connections !== undefined) lines.push(`  max connections: ${info.max_connections}`);
  lines.push(`  allowed updates: ${allowedUpdates(info.allowed_updates)}`);
  if (info.ip_address !== undefined) lines.push(`  IP address: ${info.ip_address}`);
  lines.push(`  custom certificate: ${info.has_custom_certificate ? "yes" : "no"}`);
  if (info.last_error_date === undefined) {
    lines.push("  last error: none since the webhook was set");
  } else {
    const when = timeAgo(info.last_error_date, nowSeconds);
    const message = info.last_error_message === undefined ? "" : `: ${info.last_error_message}`;
    lines.push(`  last error ${when}${message}`);
  }
  if (info.last_synchronization_error_date !== undefined) {
    const when = timeAgo(info.last_synchronization_error_date, nowSeconds);
    lines.push(
      `  last synchronization error ${when}: Telegram could not sync the pending updates with its datacenters`,
    );
  }
  return lines;
}

export function webhookInfoCommand(print: (line: string) => void): Command {
  return new Command("info")
    .description(
      "show the bot's webhook: URL, pending updates, settings and the last delivery error (getWebhookInfo)",
    )
    .option("--json", "print Telegram's answer as JSON")
    .action(async (options: { json?: boolean }) => {
      const { api } = telegramFromEnv();
      const info = await telegramCall(api.getWebhookInfo());
      if (options.json) {
        print(JSON.stringify(info, null, 2));
        return;
      }
      for (const line of describeWebhookInfo(info, nowInSeconds())) print(line);
    });
}
