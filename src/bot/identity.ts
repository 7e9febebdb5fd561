// The bot's identity without asking Telegram: the id is the token's part before ':', the username is
// configured (TELEGRAM_BOT_USERNAME). Passing it to grammY skips the getMe call a cold start would make.
import type { UserFromGetMe } from "grammy/types";

/**
 * The bot's getMe answer as far as babelgram relies on it (id, username for /command@username);
 * undefined when no username is configured, so that grammY asks Telegram instead. The capability
 * flags are the defaults of a new bot: babelgram never reads them.
 */
export function botInfoFromConfig(telegram: {
  token: string;
  botUsername: string | undefined;
}): UserFromGetMe | undefined {
  if (telegram.botUsername === undefined) return undefined;
  const id = Number(telegram.token.slice(0, telegram.token.indexOf(":")));
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return botIdentity({ id, username: telegram.botUsername });
}

/** A getMe answer for a bot of this id and username, with a new bot's capability flags. */
export function botIdentity(bot: { id: number; username: string }): UserFromGetMe {
  return {
    id: bot.id,
    is_bot: true,
    first_name: bot.username,
    username: bot.username,
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
}
