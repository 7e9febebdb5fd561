// A user forwards a message (control API): a copy of its content lands in another chat with
// forward_origin saying who wrote it and when, and is delivered like anything the user says there.
// Forwarding a forward keeps the first origin, as Telegram does.
import type { Message, MessageOrigin } from "grammy/types";
import type { BotState } from "./bot-state.js";
import type { ForwardRequest } from "./chat-types.js";
import { ControlError } from "./errors.js";
import { chatOfUser } from "./incoming.js";
import { unixSeconds } from "./messages.js";
import { deliverToChat } from "./privacy.js";
import type { EmulatorState } from "./state.js";

/** What a forward carries over; replies, keyboards and edit dates stay behind. */
const CONTENT_FIELDS = [
  "text",
  "entities",
  "caption",
  "caption_entities",
  "photo",
  "sticker",
  "document",
  "video",
  "has_media_spoiler",
] as const;

function originOf(message: Message): MessageOrigin {
  if (message.forward_origin !== undefined) return message.forward_origin;
  if (message.from === undefined) throw new ControlError(400, "message_id: it has no sender");
  return { type: "user", sender_user: message.from, date: message.date };
}

export function forwardMessage(
  state: EmulatorState,
  bot: BotState,
  request: ForwardRequest,
): Message {
  const source = chatOfUser(state, bot, request.chat_id, request.from_id).view;
  const original = source.box.get(request.message_id)?.message;
  if (original === undefined) {
    throw new ControlError(
      400,
      `message_id: no message ${request.message_id} in chat ${request.chat_id}`,
    );
  }
  if (CONTENT_FIELDS.every((field) => original[field] === undefined)) {
    throw new ControlError(400, "message_id: a service message can't be forwarded");
  }
  const { view, user } = chatOfUser(state, bot, request.to_chat_id, request.from_id);
  const content: Partial<Message> = {};
  for (const field of CONTENT_FIELDS) {
    if (original[field] !== undefined) Object.assign(content, { [field]: original[field] });
  }
  const stored = view.box.add((messageId) => ({
    message: {
      message_id: messageId,
      from: user,
      chat: view.chat,
      date: unixSeconds(state.now()),
      forward_origin: originOf(original),
      ...content,
    },
    sender: "user",
  }));
  deliverToChat(state, bot, view, "message", stored.message);
  return stored.message;
}
