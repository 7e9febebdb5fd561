// setMyCommands, getMyCommands and deleteMyCommands: one command list per (scope, language_code),
// read back exactly as stored: getMyCommands falls back to no other scope or language, as the Bot
// API says ("if commands aren't set, an empty list is returned"). The fallback the Bot API
// documents is for what a user sees in the menu (commandMenu, for the control API). Checks and
// errors follow the Bot API (parsing), TDLib (lengths) and Telegram's server (names, count).
import type { BotCommand } from "grammy/types";
import type { BotState } from "../bot-state.js";
import type { MenuQuery } from "../chat-types.js";
import { badRequest, ControlError } from "../errors.js";
import { chatById } from "../incoming.js";
import { isObject, type Params } from "../params.js";
import type { EmulatorState } from "../state.js";
import { resolveChat } from "./chat.js";
import { defineMethod, type MethodContext } from "./method.js";

const MAX_COMMANDS = 100;
const GLOBAL_SCOPES = [
  "default",
  "all_private_chats",
  "all_group_chats",
  "all_chat_administrators",
];

/** Characters as TDLib counts them: Unicode code points. */
const length = (text: string) => [...text].length;

function scopeChat(state: EmulatorState, bot: BotState, scope: Record<string, unknown>) {
  const chatId = scope.chat_id;
  if (typeof chatId !== "number" && typeof chatId !== "string") {
    throw badRequest(`can't parse BotCommandScope: Can't find field "chat_id"`);
  }
  const view = resolveChat(state, bot, chatId);
  if (view.group === undefined && scope.type !== "chat") {
    throw badRequest("can't use specified scope in private chats");
  }
  return view.chat.id;
}

/** The storage key of the scope and language_code a call names. */
function listKey({ state, bot }: MethodContext, params: Params): string {
  const language = params.string("language_code") ?? "";
  const scope = params.json("scope", "bot command scope") ?? { type: "default" };
  if (!isObject(scope)) throw badRequest("object expected as bot command scope");
  const type = scope.type;
  if (typeof type !== "string")
    throw badRequest(`can't parse BotCommandScope: Can't find field "type"`);
  let key: string;
  if (GLOBAL_SCOPES.includes(type)) key = type;
  else if (type === "chat" || type === "chat_administrators") {
    key = `${type}:${scopeChat(state, bot, scope)}`;
  } else if (type === "chat_member") {
    const chatId = scopeChat(state, bot, scope);
    if (typeof scope.user_id !== "number") throw badRequest("invalid user_id specified");
    if (!state.users.has(scope.user_id)) throw badRequest("user not found");
    key = `${type}:${chatId}:${scope.user_id}`;
  } else {
    throw badRequest("can't parse BotCommandScope: Unsupported type specified");
  }
  if (language !== "" && !/^[a-z]{2}$/.test(language)) {
    throw badRequest("invalid language code specified");
  }
  return `${key}|${language}`;
}

function stringField(command: Record<string, unknown>, field: string): string {
  const value = command[field];
  if (value === undefined) throw badRequest(`can't parse BotCommand: Can't find field "${field}"`);
  if (typeof value !== "string") {
    throw badRequest(`can't parse BotCommand: Field "${field}" must be of type String`);
  }
  return value;
}

function commandsParam(params: Params): BotCommand[] {
  const value = params.json("commands", "commands") ?? [];
  if (!Array.isArray(value)) throw badRequest("expected an Array of BotCommand");
  const commands = (value as unknown[]).map((item): BotCommand => {
    if (!isObject(item)) throw badRequest("can't parse BotCommand: expected an Object");
    const command = stringField(item, "command").trim().replace(/^\//, "");
    const description = stringField(item, "description").trim();
    if (command === "") throw badRequest("command must be non-empty");
    if (length(command) > 32) throw badRequest("command length must not exceed 32");
    if (description === "") throw badRequest("command description must be non-empty");
    if (length(description) > 256) {
      throw badRequest("command description length must not exceed 256");
    }
    return { command, description };
  });
  if (commands.some(({ command }) => !/^[a-z0-9_]{1,32}$/.test(command))) {
    throw badRequest("BOT_COMMAND_INVALID");
  }
  if (commands.length > MAX_COMMANDS) throw badRequest("BOT_COMMANDS_TOO_MUCH");
  return commands;
}

export const setMyCommands = defineMethod("setMyCommands", (ctx, params): true => {
  const commands = commandsParam(params);
  const key = listKey(ctx, params);
  if (commands.length === 0) ctx.bot.records.commands.delete(key);
  else ctx.bot.records.commands.set(key, commands);
  return true;
});

export const getMyCommands = defineMethod(
  "getMyCommands",
  (ctx, params): BotCommand[] => ctx.bot.records.commands.get(listKey(ctx, params)) ?? [],
);

export const deleteMyCommands = defineMethod("deleteMyCommands", (ctx, params): true => {
  ctx.bot.records.commands.delete(listKey(ctx, params));
  return true;
});

/**
 * The commands a user sees in the bot's menu in a chat: the first list set, in the order the Bot
 * API documents ("Determining list of commands"), each scope with the user's language first.
 */
export function commandMenu(state: EmulatorState, bot: BotState, query: MenuQuery): BotCommand[] {
  const user = state.users.get(query.user_id);
  if (user === undefined) throw new ControlError(400, `user_id: no user with id ${query.user_id}`);
  const view = chatById(state, bot, query.chat_id ?? user.id);
  const group = view.group;
  if (group === undefined && view.chat.id !== user.id) {
    throw new ControlError(400, "chat_id: a user sees the menu in their own chat with the bot");
  }
  if (group !== undefined && !group.memberIds.has(user.id)) {
    throw new ControlError(400, `user_id: ${user.id} is not a member of chat ${view.chat.id}`);
  }
  if (group !== undefined && !group.botIds.has(bot.id)) return [];
  const id = view.chat.id;
  const admin = group?.adminIds.has(user.id) === true;
  const scopes =
    group === undefined
      ? [`chat:${id}`, "all_private_chats", "default"]
      : [
          `chat_member:${id}:${user.id}`,
          ...(admin ? [`chat_administrators:${id}`] : []),
          `chat:${id}`,
          ...(admin ? ["all_chat_administrators"] : []),
          "all_group_chats",
          "default",
        ];
  // Language codes such as "pt-br" count by their language, the two letters the lists are set for.
  const language = (query.language_code ?? user.language_code ?? "").slice(0, 2).toLowerCase();
  for (const scope of scopes) {
    for (const code of language === "" ? [""] : [language, ""]) {
      const list = bot.records.commands.get(`${scope}|${code}`);
      if (list !== undefined) return list;
    }
  }
  return [];
}
