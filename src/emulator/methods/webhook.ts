// setWebhook, deleteWebhook and getWebhookInfo: the settings and Telegram's checks on them. The
// delivery itself is webhook/delivery.ts, kept in step by `state.webhooks.sync(bot)`.
import type { WebhookInfo } from "grammy/types";
import type { BotState } from "../bot-state.js";
import { badRequest, BotApiError } from "../errors.js";
import { UploadedFile } from "../multipart.js";
import type { Params } from "../params.js";
import { isLoopbackHost } from "../webhook/loopback.js";
import { allowedUpdates, WEBHOOK_ACTIVE } from "./get-updates.js";
import { defineMethod, type MethodContext } from "./method.js";

const WEBHOOK_PORTS = ["443", "80", "88", "8443"];
/** The official server's MAX_CERTIFICATE_FILE_SIZE: 3 MiB. */
const MAX_CERTIFICATE_BYTES = 3 << 20;

/**
 * Telegram's checks on a webhook URL, without resolving the host. A loopback host may also use
 * plain HTTP and any port, so a test's local server can take the updates.
 */
function checkUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badRequest("bad webhook: Failed to resolve host: Name or service not known");
  }
  const local = isLoopbackHost(url.hostname);
  if (url.protocol !== "https:" && !(local && url.protocol === "http:")) {
    throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
  }
  if (!local && url.port !== "" && !WEBHOOK_PORTS.includes(url.port)) {
    throw badRequest("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443");
  }
  return raw;
}

function checkSecret(secret: string | undefined): string | undefined {
  if (secret === undefined) return undefined;
  if (secret.length > 256) throw badRequest("secret token is too long");
  if (!/^[A-Za-z0-9_-]+$/.test(secret)) {
    throw badRequest("secret token contains unallowed characters");
  }
  return secret;
}

/**
 * The uploaded certificate, as the official server finds it: a file part named `certificate`, or
 * the part that `certificate=attach://<name>` names (grammY's way). Any other value is no upload.
 */
function certificate(params: Params): UploadedFile | undefined {
  const value = params.raw.certificate;
  if (value instanceof UploadedFile) return value;
  if (typeof value !== "string" || !value.startsWith("attach://")) return undefined;
  const part = params.raw[value.slice("attach://".length)];
  return part instanceof UploadedFile ? part : undefined;
}

function removeWebhook({ state, bot, describe }: MethodContext, params: Params): true {
  describe(bot.webhook === undefined ? "Webhook is already deleted" : "Webhook was deleted");
  bot.webhook = undefined;
  state.webhooks.sync(bot);
  if (params.boolean("drop_pending_updates")) bot.queue.clear();
  return true;
}

export const setWebhook = defineMethod("setWebhook", (ctx, params): true => {
  const raw = params.string("url");
  if (raw === undefined) return removeWebhook(ctx, params);
  const { bot } = ctx;
  const url = checkUrl(raw);
  const secret = checkSecret(params.string("secret_token"));
  const allowed = allowedUpdates(params);
  const maxConnections = Math.min(100, Math.max(1, params.integer("max_connections") ?? 40));
  const ipAddress = params.string("ip_address");
  const upload = certificate(params);
  if (upload !== undefined && upload.data.length > MAX_CERTIFICATE_BYTES) {
    throw badRequest(`certificate size is too big (${upload.data.length} bytes)`);
  }
  // A certificate, before or now, always counts as a change (so its upload is never skipped).
  const same =
    bot.webhook?.url === url &&
    bot.webhook.secret_token === secret &&
    bot.webhook.max_connections === maxConnections &&
    bot.webhook.has_custom_certificate !== true &&
    upload === undefined;
  ctx.describe(same ? "Webhook is already set" : "Webhook was set");

  bot.webhook = {
    // The same webhook again changes nothing, so its last error stays on record.
    ...(same ? bot.webhook : {}),
    url,
    max_connections: maxConnections,
    ...(secret === undefined ? {} : { secret_token: secret }),
    ...(ipAddress === undefined ? {} : { ip_address: ipAddress }),
    ...(upload === undefined ? {} : { has_custom_certificate: true }),
  };
  if (allowed !== undefined) bot.queue.setAllowedUpdates(allowed);
  if (params.boolean("drop_pending_updates")) bot.queue.clear();
  bot.endPoll(new BotApiError(409, WEBHOOK_ACTIVE));
  ctx.state.webhooks.sync(bot);
  return true;
});

export const deleteWebhook = defineMethod("deleteWebhook", removeWebhook);

export function webhookInfo(bot: BotState): WebhookInfo {
  const info: WebhookInfo = {
    url: bot.webhook?.url ?? "",
    has_custom_certificate: bot.webhook?.has_custom_certificate === true,
    pending_update_count: bot.queue.size,
  };
  const webhook = bot.webhook;
  if (webhook === undefined) return info;
  const allowed = bot.queue.allowedUpdates as WebhookInfo["allowed_updates"];
  return {
    ...info,
    ...(webhook.ip_address === undefined ? {} : { ip_address: webhook.ip_address }),
    ...(webhook.last_error_date === undefined
      ? {}
      : {
          last_error_date: webhook.last_error_date,
          last_error_message: webhook.last_error_message,
        }),
    max_connections: webhook.max_connections,
    ...(allowed === undefined ? {} : { allowed_updates: allowed }),
  };
}

export const getWebhookInfo = defineMethod("getWebhookInfo", ({ bot }) => webhookInfo(bot));
