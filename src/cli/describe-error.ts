// Turns any error into the one readable line the CLI prints: what went wrong and what to do.
// The token is scrubbed from it, whatever the error carried.
import { ConfigError, NetworkError, ProviderError, StoreError, TelegramError } from "../errors.js";
import { redactSecrets } from "../log.js";

function describe(error: unknown): string {
  if (error instanceof ConfigError) return `Configuration error: ${error.message}`;
  if (error instanceof TelegramError) {
    if (error.errorCode === 401) {
      return "Telegram rejected the token (401 Unauthorized): check TELEGRAM_BOT_TOKEN, or get it again from @BotFather with /token.";
    }
    if (error.errorCode === 404) {
      return "Telegram answered 404 Not Found: the token is malformed or TELEGRAM_API_ROOT does not point at a Bot API server.";
    }
    if (error.errorCode === 409 && /webhook/i.test(error.description)) {
      return "A webhook is set for this bot, so Telegram refuses long polling. To switch this bot to polling, remove the webhook on purpose: babelgram start --delete-webhook";
    }
    if (error.errorCode === 409) {
      return "Another program is polling with this token right now; stop it first (only one may poll at a time).";
    }
    if (error.errorCode === 400 && /bad webhook/i.test(error.description)) {
      const reason = error.description.replace(/^(Bad Request: )?bad webhook: /i, "");
      return `Telegram refused the webhook: ${reason}. It must be an HTTPS URL on port 443, 80, 88 or 8443 that Telegram's servers can reach, with a certificate Telegram trusts (upload a self-signed one with babelgram webhook set --certificate).`;
    }
    return `Telegram refused ${error.method}: ${error.description}`;
  }
  if (error instanceof NetworkError)
    return `${error.message}. Check your connection and TELEGRAM_API_ROOT.`;
  if (error instanceof StoreError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return `Storage error: ${error.message}${cause}. Check STORE_URL.`;
  }
  if (error instanceof ProviderError) return `Translation failed: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

export function describeError(error: unknown, secrets: readonly (string | undefined)[]): string {
  return redactSecrets(
    describe(error),
    secrets.filter((s): s is string => s !== undefined),
  );
}
