// People, groups and messages for the bot's end-to-end tests, on top of useWorld(): who says what
// where, and what the bot has said. No test waits for time to pass: a chat's updates are handled in
// order, so once the bot answers a later message (barrier()), every earlier one has been handled.
import type { Message, MessageEntity, User } from "grammy/types";
import type { GroupChat, NewGroup, UserMessage } from "../../src/emulator/types.js";
import type { useWorld } from "./world.js";

type Env = ReturnType<typeof useWorld>;
export const BOT_USERNAME = "babelgram_test_bot";

export function chats(env: Env) {
  const client = () => env.world.client;
  /** The bot's answers to barrier()'s /help: not what a test looks at. */
  const barriers = new Set<string>();
  const key = (message: Message) => `${message.chat.id}:${message.message_id}`;

  /** What the bot has said in the chat, as it is now (edits applied), barriers left out. */
  const said = async (chatId: number) =>
    (await client().sent({ chat_id: chatId })).filter((message) => !barriers.has(key(message)));

  return {
    client,
    said,

    user(first_name: string, language_code: string): Promise<User> {
      return client().createUser({ first_name, language_code });
    },

    /** A group of these users, the first its owner, with the bot; privacy mode as given. */
    async group(
      members: User[],
      options: Partial<NewGroup> & { privacy?: boolean } = {},
    ): Promise<GroupChat> {
      const { privacy = false, ...rest } = options;
      await client().setPrivacy(privacy);
      return client().createGroup({
        title: "Language exchange",
        member_ids: members.map((member) => member.id),
        ...rest,
      });
    },

    /** `who` says `text` in `chat` (a private chat's id is the user's). */
    say(
      chat: { id: number },
      who: User,
      text: string,
      extra: Omit<UserMessage, "chat_id" | "from_id" | "text"> = {},
    ): Promise<Message> {
      return client().sendMessage({ chat_id: chat.id, from_id: who.id, text, ...extra });
    },

    /** `who` answers `message` with `text`. */
    reply(chat: { id: number }, who: User, message: Message, text: string): Promise<Message> {
      return client().sendMessage({
        chat_id: chat.id,
        from_id: who.id,
        text,
        reply_to_message_id: message.message_id,
        ...(message.message_thread_id === undefined
          ? {}
          : { message_thread_id: message.message_thread_id }),
      });
    },

    /** Waits until the bot has said `count` messages in the chat (as said() counts them). */
    async waitFor(chat: { id: number }, count: number): Promise<Message[]> {
      const all = await client().sent({ chat_id: chat.id });
      const skipped = all.filter((message) => barriers.has(key(message))).length;
      await client().waitForBotMessages({ chat_id: chat.id, count: count + skipped });
      return said(chat.id);
    },

    /**
     * Sends /help and waits for its answer: by then every earlier update of the chat is handled.
     * Returns what the bot has said there (as said() does).
     */
    async barrier(chat: { id: number }, who: User): Promise<Message[]> {
      const command = await client().sendMessage({
        chat_id: chat.id,
        from_id: who.id,
        text: "/help",
      });
      // Bot messages may still be arriving for earlier updates: the answer is the one after the
      // command that lists /help (in any language).
      const isAnswer = (message: Message) =>
        message.message_id > command.message_id && (message.text ?? "").includes("/help —");
      for (let count = 1; ; count++) {
        const all = await client().waitForBotMessages({ chat_id: chat.id, count });
        const answer = all.find(isAnswer);
        if (answer !== undefined) {
          barriers.add(key(answer));
          return said(chat.id);
        }
        count = Math.max(count, all.length);
      }
    },

    /** Presses a button of a bot message; the callback's answer once the bot gave one. */
    async press(chat: { id: number }, who: User, message: Message, data: string) {
      const { callback_query_id: id } = await client().pressButton({
        chat_id: chat.id,
        from_id: who.id,
        message_id: message.message_id,
        data,
      });
      // The answer comes before the edit; a barrier after it waits for both.
      await this.barrier(chat, who);
      return client().callbackAnswer(id);
    },
  };
}

/** The part of a message's text an entity covers. */
export function covered(message: Pick<Message, "text">, entity: MessageEntity): string {
  return (message.text ?? "").slice(entity.offset, entity.offset + entity.length);
}

/** The bot message with this id, as it is now. */
export async function current(env: Env, chatId: number, id: number): Promise<Message | undefined> {
  return (await env.world.client.sent({ chat_id: chatId })).find((m) => m.message_id === id);
}
