// What users do, as the control API drives it: send a message (text, photo or sticker), edit one,
// or any raw update. Each is queued for the chat's bots that receive it (see privacy.ts).
import type { Message, MessageEntity } from "grammy/types";
import type { BotState } from "./bot-state.js";
import { detectEntities } from "./entities.js";
import { ControlError } from "./errors.js";
import { fakePhoto, fakeSticker, replyCopy, unixSeconds } from "./messages.js";
import { deliverToChat } from "./privacy.js";
import type { ChatView, EmulatorState } from "./state.js";
import type { InjectResult, UserEdit, UserMessage } from "./types.js";

export function chatById(state: EmulatorState, bot: BotState, chatId: number): ChatView {
  const view = state.chatFor(bot, chatId);
  if (view === undefined) throw new ControlError(400, `chat_id: no chat with id ${chatId}`);
  return view;
}

export function chatOfUser(state: EmulatorState, bot: BotState, chatId: number, fromId: number) {
  const view = chatById(state, bot, chatId);
  const user = state.users.get(fromId);
  if (user === undefined) throw new ControlError(400, `from_id: no user with id ${fromId}`);
  if (view.group === undefined && view.chat.id !== user.id) {
    throw new ControlError(
      400,
      "chat_id: a user writes to the bot in their own chat (chat_id = from_id)",
    );
  }
  if (view.group !== undefined && !view.group.memberIds.has(user.id)) {
    throw new ControlError(400, `from_id: user ${user.id} is not a member of chat ${chatId}`);
  }
  return { view, user };
}

/** The body of a user's message: text with its entities, a photo with a caption, or a sticker. */
function content(input: UserMessage): Partial<Message> {
  const given = input.entities;
  if (input.sticker === true) {
    if (input.photo === true || input.text !== undefined || input.caption !== undefined) {
      throw new ControlError(400, "sticker: a sticker has no text, caption or photo");
    }
    return { sticker: fakeSticker() };
  }
  if (input.photo === true) {
    if (input.text !== undefined)
      throw new ControlError(400, "text: a photo has a caption instead");
    const caption = input.caption;
    if (caption === undefined || caption === "") return { photo: fakePhoto() };
    const entities = detectEntities(caption, given);
    return {
      photo: fakePhoto(),
      caption,
      ...(entities.length ? { caption_entities: entities } : {}),
    };
  }
  const text = input.text ?? "";
  if (text.trim() === "")
    throw new ControlError(400, "text: give text, photo: true or sticker: true");
  const entities = detectEntities(text, given);
  return { text, ...(entities.length ? { entities } : {}) };
}

function deliver(
  state: EmulatorState,
  bot: BotState,
  view: ChatView,
  kind: string,
  message: Message,
) {
  deliverToChat(state, bot, view, kind, message);
}

export function receiveUserMessage(
  state: EmulatorState,
  bot: BotState,
  input: UserMessage,
): Message {
  const { view, user } = chatOfUser(state, bot, input.chat_id, input.from_id);
  const body = content(input);
  const replyId = input.reply_to_message_id;
  const reply = replyId === undefined ? undefined : view.box.get(replyId);
  if (replyId !== undefined && reply === undefined) {
    throw new ControlError(
      400,
      `reply_to_message_id: no message ${replyId} in chat ${input.chat_id}`,
    );
  }
  const stored = view.box.add((messageId) => ({
    message: {
      message_id: messageId,
      from: user,
      chat: view.chat,
      date: unixSeconds(state.now()),
      ...(reply === undefined ? {} : { reply_to_message: replyCopy(reply.message) }),
      ...body,
    },
    sender: "user",
  }));
  deliver(state, bot, view, "message", stored.message);
  return stored.message;
}

export function editUserMessage(state: EmulatorState, bot: BotState, input: UserEdit): Message {
  const view = chatById(state, bot, input.chat_id);
  const stored = view.box.get(input.message_id);
  if (stored === undefined || stored.sender !== "user") {
    throw new ControlError(
      400,
      `message_id: no user message ${input.message_id} in chat ${input.chat_id}`,
    );
  }
  const old = stored.message;
  const edited: Message = { ...old, edit_date: unixSeconds(state.now()) };
  if (old.text !== undefined) {
    if (input.text === undefined || input.text.trim() === "") {
      throw new ControlError(400, "text: the new text of a text message");
    }
    const entities: MessageEntity[] = detectEntities(input.text);
    edited.text = input.text;
    if (entities.length > 0) edited.entities = entities;
    else delete edited.entities;
  } else if (old.photo !== undefined) {
    if (input.caption === undefined) throw new ControlError(400, "caption: the new caption");
    const entities = detectEntities(input.caption);
    edited.caption = input.caption;
    if (entities.length > 0) edited.caption_entities = entities;
    else delete edited.caption_entities;
  } else {
    throw new ControlError(400, "message_id: only text and captions can be edited");
  }
  stored.message = edited;
  deliver(state, bot, view, "edited_message", edited);
  return edited;
}

/**
 * Queues a raw update for one bot; `update_id` is assigned when missing. Like Telegram, an update
 * of a kind the bot's allowed_updates leaves out is dropped (`queued: false`).
 */
export function injectUpdate(bot: BotState, update: Record<string, unknown>): InjectResult {
  const queued = bot.queue.push(update);
  return queued === undefined ? { queued: false } : { queued: true, update_id: queued.update_id };
}
