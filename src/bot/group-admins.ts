// Who may change a chat's settings: in a private chat its user; in a group its admins, as
// getChatMember says, remembered for a minute so that a burst of button presses costs one call.
// An anonymous admin writes as the group itself (sender_chat), which only admins can do.
import type { Api } from "grammy";
import type { Chat, Message } from "grammy/types";
import { createRecent } from "../recent.js";

const KEEP_MS = 60_000;
const MAX_ENTRIES = 1000;

export interface GroupAdmins {
  /** Whether `userId` may change the settings of `chat`. */
  mayChange(chat: Pick<Chat, "id" | "type">, userId: number): Promise<boolean>;
  /** The same for the author of a message (an anonymous admin counts). */
  mayChangeBy(message: Pick<Message, "chat" | "from" | "sender_chat">): Promise<boolean>;
  /** Whether the bot receives every message of the group (privacy off, or an admin there). */
  seesEverything(chatId: number): Promise<boolean>;
}

export function createGroupAdmins(api: Api, now: () => number = Date.now): GroupAdmins {
  const known = createRecent<boolean>({ maxEntries: MAX_ENTRIES, maxAgeMs: KEEP_MS, now });

  async function isAdmin(chatId: number, userId: number, fresh = false): Promise<boolean> {
    const key = `${chatId}:${userId}`;
    const found = fresh ? undefined : known.get(key);
    if (found !== undefined) return found;
    const member = await api.getChatMember(chatId, userId);
    const admin = member.status === "creator" || member.status === "administrator";
    known.set(key, admin);
    return admin;
  }

  const groups = {
    async mayChange(chat: Pick<Chat, "id" | "type">, userId: number) {
      return chat.type === "private" || (await isAdmin(chat.id, userId));
    },
    async mayChangeBy(message: Pick<Message, "chat" | "from" | "sender_chat">) {
      if (message.chat.type === "private") return true;
      if (message.sender_chat?.id === message.chat.id) return true;
      return message.from !== undefined && (await isAdmin(message.chat.id, message.from.id));
    },
    async seesEverything(chatId: number) {
      // Asked afresh: privacy may have been switched since the bot started, or the bot promoted.
      const me = await api.getMe();
      return me.can_read_all_group_messages || (await isAdmin(chatId, me.id, true));
    },
  };
  return groups;
}
