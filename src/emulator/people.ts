// Creating the emulator's users and groups (control API). Every user has a private chat with every
// bot from the start; a group holds its members and the bot that created it through the control API.
// A supergroup may be a forum (is_forum), whose topics topics.ts keeps.
import type { User } from "grammy/types";
import type { BotState } from "./bot-state.js";
import { ControlError } from "./errors.js";
import type { EmulatorState } from "./state.js";
import type { GroupChat, NewGroup, NewUser } from "./types.js";

const USERNAME = /^[A-Za-z][A-Za-z0-9_]{1,31}$/;

function checkUsername(state: EmulatorState, username: string | undefined): void {
  if (username === undefined) return;
  if (!USERNAME.test(username)) {
    throw new ControlError(400, "username: 2-32 letters, digits or _, starting with a letter");
  }
  const taken = (name: string | undefined) => name?.toLowerCase() === username.toLowerCase();
  const users = [...state.users.values()];
  const groups = [...state.groups.values()].map((group) => group.chat);
  if ([...users, ...groups, ...state.bots.map((bot) => bot.user)].some((x) => taken(x.username))) {
    throw new ControlError(400, `username: @${username} is taken`);
  }
}

export function createUser(state: EmulatorState, input: NewUser): User {
  if (input.first_name.trim() === "") throw new ControlError(400, "first_name: must not be empty");
  checkUsername(state, input.username);
  const user: User = {
    id: state.newUserId(),
    is_bot: false,
    first_name: input.first_name,
    ...(input.last_name === undefined ? {} : { last_name: input.last_name }),
    ...(input.username === undefined ? {} : { username: input.username }),
    ...(input.language_code === undefined ? {} : { language_code: input.language_code }),
    ...(input.is_premium === true ? { is_premium: true as const } : {}),
  };
  state.users.set(user.id, user);
  return user;
}

export function createGroup(state: EmulatorState, bot: BotState, input: NewGroup): GroupChat {
  if (input.title.trim() === "") throw new ControlError(400, "title: must not be empty");
  const missing = input.member_ids.filter((id) => !state.users.has(id));
  if (missing.length > 0) {
    throw new ControlError(400, `member_ids: no user with id ${missing.join(", ")}`);
  }
  const type = input.type ?? "group";
  if (input.username !== undefined && type !== "supergroup") {
    throw new ControlError(400, "username: only a supergroup can have one");
  }
  if (input.is_forum === true && type !== "supergroup") {
    throw new ControlError(400, "is_forum: only a supergroup can be a forum");
  }
  checkUsername(state, input.username);
  const id = state.newGroupId(type);
  const chat: GroupChat =
    type === "group"
      ? { id, type, title: input.title }
      : {
          id,
          type,
          title: input.title,
          ...(input.username === undefined ? {} : { username: input.username }),
          ...(input.is_forum === true ? { is_forum: true as const } : {}),
        };
  const ownerId = input.member_ids[0];
  state.groups.set(id, {
    chat,
    memberIds: new Set(input.member_ids),
    botIds: new Set([bot.id]),
    adminIds: new Set(ownerId === undefined ? [] : [ownerId]),
    ...(ownerId === undefined ? {} : { ownerId }),
    kickedIds: new Set(),
  });
  return chat;
}
