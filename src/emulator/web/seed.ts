// The world a person finds in local mode: themselves, two other people, a private chat with the bot
// and a group where all of them meet the bot. Seeding twice (a restarted bot against a running
// emulator) reuses what is there instead of failing on taken usernames.
import type { Chat, User } from "grammy/types";
import { EmulatorClient } from "../client.js";
import type { GroupChat, NewUser } from "../types.js";

export interface LocalWorld {
  you: User;
  /** Minji and Alex. */
  others: User[];
  /** The private chat with the bot: its id is the user's id. */
  privateChatId: number;
  group: GroupChat;
}

const PEOPLE: NewUser[] = [
  { first_name: "You", username: "you", language_code: "ko" },
  { first_name: "Minji", username: "minji", language_code: "ko" },
  { first_name: "Alex", username: "alex", language_code: "en" },
];
const GROUP_TITLE = "Language exchange";

async function person(client: EmulatorClient, existing: User[], wanted: NewUser): Promise<User> {
  const found = existing.find((user) => user.username === wanted.username);
  return found ?? (await client.createUser(wanted));
}

/** The user's groups, or none when the emulator cannot list chats. */
async function groupsOf(url: string, userId: number, token?: string): Promise<GroupChat[]> {
  const query = new URLSearchParams({ user_id: String(userId), ...(token ? { token } : {}) });
  const response = await fetch(`${url.replace(/\/+$/, "")}/_control/chats?${query}`);
  if (!response.ok) return [];
  const body = (await response.json()) as { result?: Chat[] };
  return (body.result ?? []).filter(
    (chat): chat is GroupChat => chat.type === "group" || chat.type === "supergroup",
  );
}

export async function seedLocalWorld(url: string, token?: string): Promise<LocalWorld> {
  const client = new EmulatorClient(url, token);
  const existing = await client.users();
  // One at a time, so "You" is the oldest user, the one the web chat starts as.
  const people: User[] = [];
  for (const wanted of PEOPLE) people.push(await person(client, existing, wanted));
  const [you, minji, alex] = people;
  if (you === undefined || minji === undefined || alex === undefined) {
    throw new Error("seedLocalWorld: could not create the local users");
  }
  const group =
    (await groupsOf(url, you.id, token)).find((chat) => chat.title === GROUP_TITLE) ??
    (await client.createGroup({ title: GROUP_TITLE, member_ids: [you.id, minji.id, alex.id] }));
  return { you, others: [minji, alex], privateChatId: you.id, group };
}
