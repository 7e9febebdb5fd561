// Finding the chat a method names in chat_id, with Telegram's refusals.
import type { BotState } from "../bot-state.js";
import { badRequest, BotApiError } from "../errors.js";
import type { Params } from "../params.js";
import type { ChatView, EmulatorState } from "../state.js";

/** chat_id as a number, or as "@username"; throws when it is missing. */
export function chatIdParam(params: Params): number | string {
  const id = params.integer("chat_id") ?? params.string("chat_id");
  if (id === undefined) throw badRequest("chat_id is empty");
  return id;
}

/**
 * The chat as the bot sees it; 400 when unknown, 403 when the bot is not in the group (removed by
 * someone else: "kicked from", left by itself: "not a member of").
 */
export function resolveChat(
  state: EmulatorState,
  bot: BotState,
  chatId: number | string,
): ChatView {
  const view = state.chatFor(bot, chatId);
  if (view === undefined) throw badRequest("chat not found");
  if (view.group !== undefined && !view.group.botIds.has(bot.id)) {
    const kind = view.chat.type === "supergroup" ? "supergroup chat" : "group chat";
    if (view.group.kickedIds.has(bot.id)) {
      throw new BotApiError(403, `Forbidden: bot was kicked from the ${kind}`);
    }
    throw new BotApiError(403, `Forbidden: bot is not a member of the ${kind}`);
  }
  return view;
}
