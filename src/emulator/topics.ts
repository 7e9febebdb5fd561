// Forum topics (control API). In a forum supergroup (is_forum) a member opens a topic with a
// forum_topic_created service message, whose message_id becomes the topic's message_thread_id;
// threads.ts places messages in topics.
import type { ForumTopicCreated, Message } from "grammy/types";
import type { BotState } from "./bot-state.js";
import type { NewTopic } from "./chat-types.js";
import { ControlError } from "./errors.js";
import { chatOfUser } from "./incoming.js";
import { unixSeconds } from "./messages.js";
import { deliverToChat } from "./privacy.js";
import type { EmulatorState } from "./state.js";

/** The colours Telegram's apps offer for a topic icon (RGB); the first is the default. */
export const TOPIC_ICON_COLORS = [
  0x6fb9f0, 0xffd67e, 0xcb86db, 0x8eee98, 0xff93b2, 0xfb6f5f,
] as const;

const MAX_TOPIC_NAME_LENGTH = 128;

/** A member opens a topic in a forum (control API): the forum_topic_created service message. */
export function createTopic(
  state: EmulatorState,
  bot: BotState,
  chatId: number,
  input: NewTopic,
): Message {
  const { view, user } = chatOfUser(state, bot, chatId, input.from_id);
  if (view.chat.type !== "supergroup" || view.chat.is_forum !== true) {
    throw new ControlError(
      400,
      `chat_id: chat ${chatId} is not a forum (createGroup with type "supergroup", is_forum: true)`,
    );
  }
  const name = input.name.trim();
  if (name === "" || [...name].length > MAX_TOPIC_NAME_LENGTH) {
    throw new ControlError(400, `name: 1 to ${MAX_TOPIC_NAME_LENGTH} characters`);
  }
  const color = input.icon_color ?? TOPIC_ICON_COLORS[0];
  if (!(TOPIC_ICON_COLORS as readonly number[]).includes(color)) {
    throw new ControlError(400, `icon_color: one of ${TOPIC_ICON_COLORS.join(", ")}`);
  }
  const created: ForumTopicCreated = {
    name,
    icon_color: color,
    ...(input.icon_custom_emoji_id === undefined
      ? {}
      : { icon_custom_emoji_id: input.icon_custom_emoji_id }),
  };
  const stored = view.box.add((messageId) => ({
    message: {
      message_id: messageId,
      message_thread_id: messageId,
      from: user,
      chat: view.chat,
      date: unixSeconds(state.now()),
      forum_topic_created: created,
      is_topic_message: true,
    },
    sender: "user",
  }));
  deliverToChat(state, bot, view, "message", stored.message);
  return stored.message;
}
