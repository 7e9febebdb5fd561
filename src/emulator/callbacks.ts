// Users' side of inline buttons and inline mode (control API): pressing a callback button under a
// bot message queues a callback_query (for a message sent via the bot, one with inline_message_id
// instead of message), typing "@bot query" queues an inline_query; the bot's answers are read back
// by query id. Picking an inline result is inline-messages.ts.
import type { CallbackQuery, InlineQuery } from "grammy/types";
import type { BotState } from "./bot-state.js";
import type { CallbackAnswer, InlineAnswer } from "./bot-records.js";
import type { ButtonPress, InlineQueryRequest } from "./chat-types.js";
import { ControlError } from "./errors.js";
import { chatOfUser } from "./incoming.js";
import { callbackButton } from "./keyboard.js";
import { chatInstance, newQueryId } from "./query-ids.js";
import type { EmulatorState } from "./state.js";

const CHAT_TYPES = ["sender", "private", "group", "supergroup", "channel"];
const MAX_INLINE_QUERY_LENGTH = 256;

export function pressButton(
  state: EmulatorState,
  bot: BotState,
  press: ButtonPress,
): { callback_query_id: string } {
  const { view, user } = chatOfUser(state, bot, press.chat_id, press.from_id);
  const stored = view.box.get(press.message_id);
  if (stored === undefined) {
    throw new ControlError(
      400,
      `message_id: no message ${press.message_id} in chat ${press.chat_id}`,
    );
  }
  const inlineId = stored.message.via_bot?.id === bot.id ? stored.inline_message_id : undefined;
  if (inlineId === undefined && (stored.sender !== "bot" || stored.message.from?.id !== bot.id)) {
    throw new ControlError(400, `message_id: message ${press.message_id} is not from this bot`);
  }
  if (callbackButton(stored.message, press.data) === undefined) {
    throw new ControlError(
      400,
      `data: message ${press.message_id} has no button with callback_data ${JSON.stringify(press.data)}`,
    );
  }
  const query: CallbackQuery = {
    id: newQueryId(),
    from: user,
    ...(inlineId === undefined ? { message: stored.message } : { inline_message_id: inlineId }),
    chat_instance: chatInstance(bot.id, view.chat.id),
    data: press.data,
  };
  bot.records.callbacks.set(query.id, {
    id: query.id,
    at: state.now(),
    chat_id: view.chat.id,
    message_id: press.message_id,
    from_id: user.id,
    data: press.data,
  });
  bot.queue.push({ callback_query: query });
  return { callback_query_id: query.id };
}

export function callbackAnswer(bot: BotState, id: string): CallbackAnswer | null {
  const record = bot.records.callbacks.get(id);
  if (record === undefined) throw new ControlError(404, `id: no callback query ${id}`);
  return record.answer ?? null;
}

export function sendInlineQuery(
  state: EmulatorState,
  bot: BotState,
  request: InlineQueryRequest,
): { inline_query_id: string } {
  const user = state.users.get(request.from_id);
  if (user === undefined)
    throw new ControlError(400, `from_id: no user with id ${request.from_id}`);
  if ([...request.query].length > MAX_INLINE_QUERY_LENGTH) {
    throw new ControlError(400, `query: at most ${MAX_INLINE_QUERY_LENGTH} characters`);
  }
  const chatType = request.chat_type;
  if (chatType !== undefined && !CHAT_TYPES.includes(chatType)) {
    throw new ControlError(400, `chat_type: one of ${CHAT_TYPES.join(", ")}`);
  }
  const query: InlineQuery = {
    id: newQueryId(),
    from: user,
    query: request.query,
    offset: request.offset ?? "",
    ...(chatType === undefined ? {} : { chat_type: chatType }),
  };
  bot.records.inlineQueries.set(query.id, {
    id: query.id,
    at: state.now(),
    from_id: user.id,
    query: request.query,
  });
  bot.queue.push({ inline_query: query });
  return { inline_query_id: query.id };
}

export function inlineAnswer(bot: BotState, id: string): InlineAnswer | null {
  const record = bot.records.inlineQueries.get(id);
  if (record === undefined) throw new ControlError(404, `id: no inline query ${id}`);
  return record.answer ?? null;
}
