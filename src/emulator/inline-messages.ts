// Inline mode, the user's side after the bot answered (control API): the user picks one of the
// results and sends it into one of their chats. The message is theirs (`from`) with `via_bot` set,
// built as Telegram builds it from the result: its input_message_content (text), or else the
// photo, video or document with its caption, and the result's inline keyboard. It is delivered
// like anything the user says there; the bot finds it again by its inline_message_id (edits,
// callback queries) and, with inline feedback on, gets a chosen_inline_result update.
import { randomBytes } from "node:crypto";
import type {
  ChosenInlineResult,
  InlineKeyboardMarkup,
  InlineQueryResult,
  Message,
} from "grammy/types";
import type { BotState } from "./bot-state.js";
import type { InlineChoice, InlineChoiceResult } from "./chat-types.js";
import { personById } from "./chat-members.js";
import { BotApiError, ControlError } from "./errors.js";
import { formatMessageText, hasParseMode } from "./formatting/index.js";
import { chatOfUser } from "./incoming.js";
import { inlineKeyboardOf } from "./keyboard.js";
import { fakeDocument, fakePhoto, fakeVideo, unixSeconds } from "./messages.js";
import { isObject } from "./params.js";
import { deliverToChat } from "./privacy.js";
import type { EmulatorState } from "./state.js";

/** Telegram's inline_message_id: a base64url string of 20 or 24 bytes (27 or 32 characters). */
const INLINE_MESSAGE_ID = /^(?:[A-Za-z0-9_-]{27}|[A-Za-z0-9_-]{32})$/;

export function isInlineMessageId(id: string): boolean {
  return INLINE_MESSAGE_ID.test(id);
}

const MAX_TEXT_LENGTH = 4096;
const MAX_CAPTION_LENGTH = 1024;

/** What Telegram would have refused when the bot answered, said when the user picks it. */
function refused(error: unknown): never {
  if (error instanceof BotApiError) {
    throw new ControlError(400, `result_id: Telegram refuses this result: ${error.description}`);
  }
  throw error;
}

function stringField(result: Record<string, unknown>, field: string): string | undefined {
  const value = result[field];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A text or caption of the result, formatted as Telegram formats it. */
function formatted(
  state: EmulatorState,
  text: string,
  parseMode: unknown,
  entities: unknown,
  caption: boolean,
) {
  const mode = typeof parseMode === "string" ? parseMode : undefined;
  try {
    return formatMessageText({
      text,
      parseMode: mode,
      entities: hasParseMode(mode) || !Array.isArray(entities) ? undefined : entities,
      limit: caption ? MAX_CAPTION_LENGTH : MAX_TEXT_LENGTH,
      caption,
      findUser: (id) => personById(state, id),
    });
  } catch (error) {
    return refused(error);
  }
}

/** The message body a result makes: its input_message_content, or its media and caption. */
function resultBody(state: EmulatorState, result: Record<string, unknown>): Partial<Message> {
  const content = result.input_message_content;
  if (isObject(content)) {
    if (typeof content.message_text !== "string") {
      throw new ControlError(400, "result_id: only text input_message_content is emulated");
    }
    const { text, entities } = formatted(
      state,
      content.message_text,
      content.parse_mode,
      content.entities,
      false,
    );
    return { text, ...(entities.length === 0 ? {} : { entities }) };
  }
  const type = String(result.type);
  const has = (field: string) =>
    stringField(result, `${field}_url`) ?? stringField(result, `${field}_file_id`);
  let media: Partial<Message>;
  if (type === "photo" && has("photo")) media = { photo: fakePhoto() };
  else if (type === "video" && has("video")) media = { video: fakeVideo() };
  else if (type === "document" && has("document")) media = { document: fakeDocument() };
  else {
    throw new ControlError(
      400,
      `result_id: a result of type ${type} without input_message_content is not emulated`,
    );
  }
  const caption = formatted(
    state,
    stringField(result, "caption") ?? "",
    result.parse_mode,
    result.caption_entities,
    true,
  );
  return {
    ...media,
    ...(caption.text === "" ? {} : { caption: caption.text }),
    ...(caption.text === "" || caption.entities.length === 0
      ? {}
      : { caption_entities: caption.entities }),
  };
}

function resultKeyboard(result: Record<string, unknown>): InlineKeyboardMarkup | undefined {
  try {
    return inlineKeyboardOf(isObject(result.reply_markup) ? result.reply_markup : undefined);
  } catch (error) {
    return refused(error);
  }
}

export function chooseInlineResult(
  state: EmulatorState,
  bot: BotState,
  queryId: string,
  choice: InlineChoice,
): InlineChoiceResult {
  const record = bot.records.inlineQueries.get(queryId);
  if (record === undefined) throw new ControlError(404, `id: no inline query ${queryId}`);
  if (record.answer === undefined) {
    throw new ControlError(400, `id: the bot has not answered inline query ${queryId}`);
  }
  const result = record.answer.results.find((candidate) => candidate.id === choice.result_id) as
    (InlineQueryResult & Record<string, unknown>) | undefined;
  if (result === undefined) {
    throw new ControlError(400, `result_id: the answer has no result ${choice.result_id}`);
  }
  const { view, user } = chatOfUser(state, bot, choice.chat_id, record.from_id);
  const body = resultBody(state, result);
  const keyboard = resultKeyboard(result);
  const inlineMessageId = randomBytes(24).toString("base64url");
  const stored = view.box.add((messageId) => ({
    message: {
      message_id: messageId,
      from: user,
      chat: view.chat,
      date: unixSeconds(state.now()),
      ...body,
      ...(keyboard === undefined ? {} : { reply_markup: keyboard }),
      via_bot: bot.user,
    },
    sender: "user",
    inline_message_id: inlineMessageId,
  }));
  bot.records.inlineMessages.set(inlineMessageId, {
    chat_id: view.chat.id,
    message_id: stored.message.message_id,
  });
  deliverToChat(state, bot, view, "message", stored.message);
  if (bot.records.inlineFeedback) {
    // The id is given only when the message has an inline keyboard, as the Bot API says.
    const chosen: ChosenInlineResult = {
      result_id: choice.result_id,
      from: user,
      ...(keyboard === undefined ? {} : { inline_message_id: inlineMessageId }),
      query: record.query,
    };
    bot.queue.push({ chosen_inline_result: chosen });
  }
  return { message: stored.message, inline_message_id: inlineMessageId };
}
