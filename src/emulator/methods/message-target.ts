// Finding the message an edit or delete method names (chat_id + message_id), with Telegram's
// refusals. Messages sent via inline mode (inline_message_id) are not emulated.
import type { BotState } from "../bot-state.js";
import { badRequest } from "../errors.js";
import type { StoredMessage } from "../messages.js";
import type { Params } from "../params.js";
import type { ChatView, EmulatorState } from "../state.js";
import { chatIdParam, resolveChat } from "./chat.js";

export interface TargetMessage {
  view: ChatView;
  stored: StoredMessage;
}

/** The chat and the message in it; `notFound` is Telegram's wording for the method. */
export function targetMessage(
  state: EmulatorState,
  bot: BotState,
  params: Params,
  notFound: string,
): TargetMessage {
  const messageId = params.integer("message_id");
  if (messageId === undefined) throw badRequest("message identifier is not specified");
  const view = resolveChat(state, bot, chatIdParam(params));
  const stored = view.box.get(messageId);
  if (stored === undefined) throw badRequest(notFound);
  return { view, stored };
}

/** The bot's own message an edit method names; bots edit nothing else. */
export function messageToEdit(state: EmulatorState, bot: BotState, params: Params): TargetMessage {
  if (params.has("inline_message_id")) {
    throw badRequest("invalid inline message identifier specified");
  }
  const target = targetMessage(state, bot, params, "message to edit not found");
  if (target.stored.sender !== "bot" || target.stored.message.from?.id !== bot.id) {
    throw badRequest("message can't be edited");
  }
  return target;
}

export const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
