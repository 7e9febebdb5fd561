// The control API as the page uses it (see src/emulator/control.ts for the full contract).
import type { Message, User } from "grammy/types";
import type { ChatListEntry } from "../../chat-types.js";

export interface Outgoing {
  chat_id: number;
  from_id: number;
  text?: string;
  photo?: true;
  caption?: string;
  reply_to_message_id?: number;
}

export interface ButtonPress {
  chat_id: number;
  message_id: number;
  from_id: number;
  data: string;
}

async function call<T>(method: "GET" | "POST", path: string, body?: object): Promise<T> {
  const response = await fetch(`/_control/${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  const answer = (await response.json()) as { ok: boolean; result?: unknown; error?: string };
  if (!answer.ok) throw new Error(answer.error ?? `HTTP ${response.status}`);
  return answer.result as T;
}

/** Accepts bare Messages or {message, sender} records, whichever the endpoint lists. */
function asMessage(item: unknown): Message {
  const record = item as { message?: Message };
  return record.message ?? (item as Message);
}

export const api = {
  users: () => call<User[]>("GET", "users"),
  chats: (userId: number) => call<ChatListEntry[]>("GET", `chats?user_id=${userId}`),
  async messages(chatId: number): Promise<Message[]> {
    const items = await call<unknown[]>("GET", `chats/${chatId}/messages`);
    return items.map(asMessage);
  },
  send: (message: Outgoing) => call<Message>("POST", "messages", message),
  press: (press: ButtonPress) => call<unknown>("POST", "callbacks", press),
};
