// The world a person finds in local mode: themselves, two other people, a private chat with the bot
// and a group where all of them meet the bot.
import type { User } from "grammy/types";
import { EmulatorClient } from "../client.js";
import type { GroupChat } from "../types.js";

export interface LocalWorld {
  you: User;
  others: User[];
  group: GroupChat;
}

export async function seedLocalWorld(url: string, token?: string): Promise<LocalWorld> {
  const client = new EmulatorClient(url, token);
  const you = await client.createUser({ first_name: "You", username: "you", language_code: "ko" });
  const minji = await client.createUser({
    first_name: "Minji",
    username: "minji",
    language_code: "ko",
  });
  const alex = await client.createUser({
    first_name: "Alex",
    username: "alex",
    language_code: "en",
  });
  const group = await client.createGroup({
    title: "Language exchange",
    member_ids: [you.id, minji.id, alex.id],
  });
  return { you, others: [minji, alex], group };
}
