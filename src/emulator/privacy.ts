// Who hears what is said in a chat. In a private chat, its bot. In a group, every bot that is a
// member, except that a bot in privacy mode (the default) which is not an administrator receives
// only: service messages, replies to its own messages, messages that mention it, commands meant for
// it (/cmd@its_name) and general commands (/cmd) when it was the last bot to speak in the group or
// no bot has spoken yet (Telegram's rule for several bots in one group).
import type { Message, MessageEntity } from "grammy/types";
import type { BotState } from "./bot-state.js";
import type { ChatView, EmulatorState } from "./state.js";

/** Fields that make a message a service message rather than something a member said. */
const SERVICE_FIELDS = [
  "new_chat_members",
  "left_chat_member",
  "new_chat_title",
  "new_chat_photo",
  "delete_chat_photo",
  "group_chat_created",
  "supergroup_chat_created",
  "migrate_to_chat_id",
  "migrate_from_chat_id",
  "pinned_message",
  "forum_topic_created",
] as const;

function isService(message: Message): boolean {
  return SERVICE_FIELDS.some((field) => message[field] !== undefined);
}

function textAndEntities(message: Message): { text: string; entities: MessageEntity[] } {
  if (message.text !== undefined) return { text: message.text, entities: message.entities ?? [] };
  return { text: message.caption ?? "", entities: message.caption_entities ?? [] };
}

/** The bot that spoke last in the group, if any has. */
function lastBotSpeaker(view: ChatView): number | undefined {
  const messages = view.box.all();
  for (let index = messages.length - 1; index >= 0; index--) {
    const stored = messages[index];
    if (stored?.sender === "bot") return stored.message.from?.id;
  }
  return undefined;
}

function addressesBot(bot: BotState, view: ChatView, message: Message): boolean {
  const { text, entities } = textAndEntities(message);
  const name = bot.user.username?.toLowerCase();
  const part = (entity: MessageEntity) =>
    text.slice(entity.offset, entity.offset + entity.length).toLowerCase();
  const mentioned = entities.some(
    (entity) =>
      (entity.type === "mention" && part(entity) === `@${name}`) ||
      (entity.type === "text_mention" && entity.user.id === bot.id),
  );
  if (mentioned) return true;
  const command = entities.find((entity) => entity.type === "bot_command" && entity.offset === 0);
  if (command === undefined) return false;
  const target = part(command).split("@")[1];
  if (target !== undefined) return target === name;
  const last = lastBotSpeaker(view);
  return last === undefined || last === bot.id;
}

/** Whether `bot` receives `message` said in the chat `view`. */
export function botReceives(bot: BotState, view: ChatView, message: Message): boolean {
  const group = view.group;
  if (group === undefined || !bot.records.privacy || group.adminIds.has(bot.id)) return true;
  if (isService(message)) return true;
  if (message.reply_to_message?.from?.id === bot.id) return true;
  return addressesBot(bot, view, message);
}

/** Queues `{[kind]: message}` for every bot of the chat that receives it. */
export function deliverToChat(
  state: EmulatorState,
  bot: BotState,
  view: ChatView,
  kind: string,
  message: Message,
): void {
  for (const recipient of state.recipients(bot, view)) {
    if (botReceives(recipient, view, message)) recipient.queue.push({ [kind]: message });
  }
}
