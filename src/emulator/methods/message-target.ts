// Finding the message an edit or delete method names (chat_id + message_id, or an edit's
// inline_message_id for a message a user sent via the bot), with Telegram's refusals.
import type { BotState } from "../bot-state.js";
import { badRequest } from "../errors.js";
import { isInlineMessageId } from "../inline-messages.js";
import type { StoredMessage } from "../messages.js";
import type { Params } from "../params.js";
import type { ChatView, EmulatorState } from "../state.js";
import { chatIdParam, resolveChat } from "./chat.js";

export interface TargetMessage {
  view: ChatView;
  stored: StoredMessage;
  /** Named by inline_message_id: edit methods then answer true, not the Message. */
  inline?: true;
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

/**
 * The message a user sent via the bot, by inline_message_id. A malformed id is refused by TDLib,
 * an unknown one (or another bot's) by Telegram's server.
 */
function inlineMessage(state: EmulatorState, bot: BotState, params: Params): TargetMessage {
  const id = params.string("inline_message_id");
  if (id === undefined) throw badRequest("message identifier is not specified");
  if (!isInlineMessageId(id)) throw badRequest("invalid inline message identifier specified");
  const record = bot.records.inlineMessages.get(id);
  // The bot need not be in the chat: inline messages go wherever users send them.
  const view = record === undefined ? undefined : state.chatFor(bot, record.chat_id);
  const stored = record === undefined ? undefined : view?.box.get(record.message_id);
  if (view === undefined || stored === undefined) throw badRequest("MESSAGE_ID_INVALID");
  return { view, stored, inline: true };
}

/**
 * The message an edit method names: the bot's own (chat_id + message_id), or one sent via the bot
 * (inline_message_id, used when neither chat_id nor message_id is given, as Telegram does).
 */
export function messageToEdit(state: EmulatorState, bot: BotState, params: Params): TargetMessage {
  if (!params.has("chat_id") && (params.integer("message_id") ?? 0) <= 0) {
    return inlineMessage(state, bot, params);
  }
  const target = targetMessage(state, bot, params, "message to edit not found");
  if (target.stored.sender !== "bot" || target.stored.message.from?.id !== bot.id) {
    throw badRequest("message can't be edited");
  }
  return target;
}

export const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
