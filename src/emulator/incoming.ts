// What users do, as the control API drives it: send a message (text, a photo, video or document
// with a caption, or a sticker), edit one, or any raw update. Each is queued for the chat's bots
// that receive it (see privacy.ts); a message may go to a forum topic (see threads.ts).
import type { Message, MessageEntity } from "grammy/types";
import type { BotState } from "./bot-state.js";
import { detectEntities } from "./entities.js";
import { ControlError } from "./errors.js";
import {
  fakeDocument,
  fakePhoto,
  fakeSticker,
  fakeVideo,
  hasCaptionedMedia,
  unixSeconds,
  type StoredMessage,
} from "./messages.js";
import { deliverToChat } from "./privacy.js";
import type { ChatView, EmulatorState } from "./state.js";
import { placement } from "./threads.js";
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

const MEDIA_KINDS = ["photo", "video", "document", "sticker"] as const;

/** A caption and its entities as the message keeps them: none when the caption is empty. */
function captionFields(caption: string | undefined, given?: MessageEntity[]): Partial<Message> {
  if (caption === undefined || caption === "") return {};
  const entities = detectEntities(caption, given);
  return { caption, ...(entities.length ? { caption_entities: entities } : {}) };
}

/**
 * The body of a user's message: text with its entities, a photo, video or document with an
 * optional caption, or a sticker.
 */
function content(input: UserMessage): Partial<Message> {
  const kinds = MEDIA_KINDS.filter((kind) => input[kind] === true);
  const [kind] = kinds;
  if (kinds.length > 1) throw new ControlError(400, `${kinds.join(", ")}: one kind per message`);
  if (kind === undefined) {
    if (input.caption !== undefined || input.caption_entities !== undefined) {
      throw new ControlError(400, "caption: only a photo, video or document has a caption");
    }
    const text = input.text ?? "";
    if (text.trim() === "") {
      throw new ControlError(400, "text: give text, or photo, video, document or sticker: true");
    }
    const entities = detectEntities(text, input.entities);
    return { text, ...(entities.length ? { entities } : {}) };
  }
  if (kind === "sticker") {
    if (input.text !== undefined || input.caption !== undefined) {
      throw new ControlError(400, "sticker: a sticker has no text or caption");
    }
    return { sticker: fakeSticker() };
  }
  if (input.text !== undefined)
    throw new ControlError(400, `text: a ${kind} has a caption instead`);
  if (input.entities !== undefined) {
    throw new ControlError(400, "entities: a caption's entities are caption_entities");
  }
  const media =
    kind === "photo"
      ? { photo: fakePhoto() }
      : kind === "video"
        ? { video: fakeVideo() }
        : { document: fakeDocument() };
  return { ...media, ...captionFields(input.caption, input.caption_entities) };
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
  const place = placement(
    view,
    input.message_thread_id,
    reply,
    (what) => new ControlError(400, `message_thread_id: ${what} in chat ${input.chat_id}`),
  );
  const stored = view.box.add((messageId) => ({
    message: {
      message_id: messageId,
      from: user,
      chat: view.chat,
      date: unixSeconds(state.now()),
      ...place,
      ...body,
    },
    sender: "user",
  }));
  deliver(state, bot, view, "message", stored.message);
  return stored.message;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The edited message, or a refusal for what Telegram's apps would not send. */
function editedContent(old: Message, input: UserEdit): Partial<Message> {
  const unchanged = () =>
    new ControlError(400, "the message would not change: Telegram's apps send no such edit");
  if (old.text !== undefined) {
    if (input.caption !== undefined || input.caption_entities !== undefined) {
      throw new ControlError(400, "caption: a text message has no caption; edit its text");
    }
    if (input.text === undefined || input.text.trim() === "") {
      throw new ControlError(400, "text: the new text of a text message");
    }
    const entities = detectEntities(input.text, input.entities);
    if (old.text === input.text && same(old.entities, entities.length ? entities : undefined)) {
      throw unchanged();
    }
    return { text: input.text, entities: entities.length ? entities : undefined };
  }
  if (!hasCaptionedMedia(old)) {
    throw new ControlError(400, "message_id: only text and captions can be edited");
  }
  if (input.text !== undefined || input.entities !== undefined) {
    throw new ControlError(400, "text: a photo, video or document has a caption; edit that");
  }
  if (input.caption === undefined) throw new ControlError(400, "caption: the new caption");
  const fields = captionFields(input.caption, input.caption_entities);
  if (same(old.caption, fields.caption) && same(old.caption_entities, fields.caption_entities)) {
    throw unchanged();
  }
  return { caption: fields.caption, caption_entities: fields.caption_entities };
}

/**
 * A user edits their message: the same message_id, with edit_date, as an edited_message update.
 * An edit that changes nothing is refused: Telegram's apps never send one, so no update comes.
 */
export function editUserMessage(state: EmulatorState, bot: BotState, input: UserEdit): Message {
  const view = chatById(state, bot, input.chat_id);
  const stored: StoredMessage | undefined = view.box.get(input.message_id);
  if (stored === undefined || stored.sender !== "user") {
    throw new ControlError(
      400,
      `message_id: no user message ${input.message_id} in chat ${input.chat_id}`,
    );
  }
  if (stored.message.via_bot !== undefined) {
    throw new ControlError(400, "message_id: only its bot edits a message sent via a bot");
  }
  const changes = editedContent(stored.message, input);
  const edited: Record<string, unknown> = {
    ...stored.message,
    ...changes,
    edit_date: unixSeconds(state.now()),
  };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete edited[key];
  stored.message = edited as unknown as Message;
  deliver(state, bot, view, "edited_message", stored.message);
  return stored.message;
}

/**
 * Queues a raw update for one bot; `update_id` is assigned when missing. Like Telegram, an update
 * of a kind the bot's allowed_updates leaves out is dropped (`queued: false`).
 */
export function injectUpdate(bot: BotState, update: Record<string, unknown>): InjectResult {
  const queued = bot.queue.push(update);
  return queued === undefined ? { queued: false } : { queued: true, update_id: queued.update_id };
}
