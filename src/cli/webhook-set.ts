// `babelgram webhook set <url>`: setWebhook, with Telegram's rules checked first (so a mistake costs
// no request and gets a reason; see webhook-checks.ts), a secret token for the webhook server to
// check, and exactly the update types the bot handles.
import { basename } from "node:path";
import { Command, Option } from "commander";
import { HANDLED_UPDATE_TYPES, registerBotProfile } from "../bot/index.js";
import { telegramCall, telegramFromEnv } from "./telegram.js";
import { parseInteger } from "./updates.js";
import {
  checkWebhookUrl,
  chooseSecret,
  ipAddress,
  readCertificate,
  serverPath,
} from "./webhook-checks.js";

interface SetOptions {
  secret?: string;
  maxConnections?: number;
  dropPendingUpdates?: boolean;
  certificate?: string;
  ipAddress?: string;
}

export function webhookSetCommand(print: (line: string) => void): Command {
  return new Command("set")
    .description(
      "point the bot's webhook at an HTTPS URL (setWebhook), with a secret token and the update types babelgram handles",
    )
    .argument(
      "<url>",
      "public HTTPS URL, port 443, 80, 88 or 8443, e.g. https://bot.example.com/telegram",
    )
    .option(
      "--secret <token>",
      "secret token Telegram sends with every update (default: WEBHOOK_SECRET, else a fresh one)",
    )
    .addOption(
      new Option(
        "--max-connections <n>",
        "deliveries in flight at once, 1-100 (Telegram's default: 40)",
      ).argParser(parseInteger(1, 100)),
    )
    .option("--drop-pending-updates", "drop the updates waiting to be delivered")
    .option(
      "--certificate <pem file>",
      "upload the public certificate of a self-signed HTTPS server",
    )
    .addOption(
      new Option(
        "--ip-address <ip>",
        "send to this IP address instead of resolving the URL's host",
      ).argParser(ipAddress),
    )
    .action(async (rawUrl: string, options: SetOptions) => {
      // Every check before the first request.
      const url = checkWebhookUrl(rawUrl);
      const { secret, source } = chooseSecret(options.secret);
      const certificate =
        options.certificate === undefined ? undefined : readCertificate(options.certificate);
      const { api } = telegramFromEnv();

      await telegramCall(
        api.setWebhook(rawUrl, {
          secret_token: secret,
          allowed_updates: [...HANDLED_UPDATE_TYPES],
          ...(options.maxConnections === undefined
            ? {}
            : { max_connections: options.maxConnections }),
          ...(options.dropPendingUpdates ? { drop_pending_updates: true } : {}),
          ...(certificate === undefined ? {} : { certificate }),
          ...(options.ipAddress === undefined ? {} : { ip_address: options.ipAddress }),
        }),
      );

      // The command menu goes with the webhook: a Lambda never sets it on a cold start.
      const menu = await registerBotProfile(api);

      print(`Webhook set: ${rawUrl}`);
      print(`  allowed updates: ${HANDLED_UPDATE_TYPES.join(", ")}`);
      print(`  max connections: ${options.maxConnections ?? "40 (Telegram's default)"}`);
      if (options.ipAddress !== undefined) print(`  IP address: ${options.ipAddress}`);
      if (options.certificate !== undefined) {
        print(`  custom certificate: ${basename(options.certificate)} uploaded`);
      }
      if (options.dropPendingUpdates) print("  pending updates: dropped");
      print(
        menu
          ? "  command menu: registered (English, Korean; group admins get /settings and /lang)"
          : "  command menu: could not be registered (the bot works without it); run this again to retry",
      );
      if (source === "generated") {
        print(`  secret token (generated, shown only this once): ${secret}`);
        print(
          "Put it in WEBHOOK_SECRET wherever the webhook server runs (its environment, or the Lambda's), so that it can tell Telegram's requests from anyone else's.",
        );
      } else {
        print(`  secret token: from ${source}`);
        const fromEnv = process.env.WEBHOOK_SECRET?.trim();
        if (
          source === "--secret" &&
          fromEnv !== undefined &&
          fromEnv !== "" &&
          fromEnv !== secret
        ) {
          print(
            "Note: WEBHOOK_SECRET here differs from --secret; the server must use the --secret value.",
          );
        }
      }
      const server = serverPath();
      const path = url.pathname.replace(/\/+$/, "") || "/";
      if (path !== server.path) {
        // Its path comes from WEBHOOK_URL, and is never the root.
        const fix =
          path === "/"
            ? "give the webhook URL a path such as /telegram"
            : `run it with WEBHOOK_URL=${rawUrl} so that the paths match`;
        print(
          `Note: babelgram's webhook server listens on ${server.path} (${server.from}); ${fix}.`,
        );
      }
    });
}
