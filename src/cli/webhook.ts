// `babelgram webhook set|info|delete`: the bot's webhook, managed from the command line. What is
// printed never contains the token, even when someone put it in the webhook URL.
import { Command } from "commander";
import { redactSecrets } from "../log.js";
import { secretsFromEnv, telegramCall, telegramFromEnv } from "./telegram.js";
import { webhookInfoCommand } from "./webhook-info.js";
import { webhookSetCommand } from "./webhook-set.js";

function print(line: string): void {
  console.log(redactSecrets(line, secretsFromEnv()));
}

function webhookDeleteCommand(): Command {
  return new Command("delete")
    .description("remove the bot's webhook so that it can poll again (deleteWebhook)")
    .option("--drop-pending-updates", "also drop the updates waiting to be delivered")
    .action(async (options: { dropPendingUpdates?: boolean }) => {
      const { api } = telegramFromEnv();
      // Asked first only to say what is removed; deleteWebhook answers just `true`.
      const before = await telegramCall(api.getWebhookInfo());
      await telegramCall(
        api.deleteWebhook(options.dropPendingUpdates ? { drop_pending_updates: true } : {}),
      );
      const url = before.url ?? "";
      print(
        url === ""
          ? "No webhook was set; nothing to delete."
          : `Webhook ${url} deleted; the bot can use getUpdates (long polling) again.`,
      );
      const count = before.pending_update_count;
      const updates = `${count} pending update${count === 1 ? "" : "s"}`;
      if (options.dropPendingUpdates) print(`Dropped the pending updates (${updates} before).`);
      else if (count > 0) print(`${updates} kept for whoever receives updates next.`);
    });
}

export function webhookCommand(): Command {
  return new Command("webhook")
    .description("set, show or delete the bot's webhook, the URL Telegram posts updates to")
    .addCommand(webhookSetCommand(print))
    .addCommand(webhookInfoCommand(print))
    .addCommand(webhookDeleteCommand());
}
