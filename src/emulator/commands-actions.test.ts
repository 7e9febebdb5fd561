// setMyCommands / getMyCommands / deleteMyCommands by scope and language, with Telegram's checks,
// the command menu users see (the Bot API's lookup order), and sendChatAction with the chat action
// the web chat reads back.
import type { BotCommand } from "grammy/types";
import { beforeEach, describe, expect, it } from "vitest";
import { useEmulator } from "./test-emulator.js";

let clock = Date.now();
beforeEach(() => {
  clock = Date.now();
});
const env = useEmulator({ now: () => clock, user: { first_name: "Commander" } });

const refusal = (what: string) => ({ error_code: 400, description: `Bad Request: ${what}` });
const HELP: BotCommand[] = [{ command: "help", description: "How it works" }];

describe("bot commands", () => {
  it("keeps one list per scope and language, read back exactly, without fallback", async () => {
    expect(await env.api.getMyCommands()).toEqual([]);
    await env.api.setMyCommands([{ command: " /lang ", description: " Language " }, ...HELP]);
    expect(await env.api.getMyCommands()).toEqual([
      { command: "lang", description: "Language" },
      ...HELP,
    ]);
    const german = [{ command: "hilfe", description: "Wie es geht" }];
    await env.api.setMyCommands(german, { language_code: "de" });
    const chatScope = { scope: { type: "chat" as const, chat_id: env.user.id } };
    await env.api.setMyCommands(HELP, chatScope);
    expect(await env.api.getMyCommands({ language_code: "de" })).toEqual(german);
    expect(await env.api.getMyCommands({ language_code: "fr" })).toEqual([]);
    expect(await env.api.getMyCommands(chatScope)).toEqual(HELP);
    expect(await env.api.getMyCommands({ scope: { type: "all_private_chats" } })).toEqual([]);
    expect(await env.api.deleteMyCommands({ language_code: "de" })).toBe(true);
    expect(await env.api.getMyCommands({ language_code: "de" })).toEqual([]);
    await env.api.setMyCommands([]);
    expect(await env.api.getMyCommands()).toEqual([]);
  });

  it("refuses what Telegram refuses", async () => {
    const set = (commands: unknown, extra: object = {}) =>
      env.api.raw.setMyCommands({ commands: commands as BotCommand[], ...extra });
    await expect(set([{ command: "Help", description: "x" }])).rejects.toMatchObject(
      refusal("BOT_COMMAND_INVALID"),
    );
    await expect(set([{ command: "my-cmd", description: "x" }])).rejects.toMatchObject(
      refusal("BOT_COMMAND_INVALID"),
    );
    await expect(set([{ command: "x".repeat(33), description: "x" }])).rejects.toMatchObject(
      refusal("command length must not exceed 32"),
    );
    await expect(set([{ command: "/", description: "x" }])).rejects.toMatchObject(
      refusal("command must be non-empty"),
    );
    await expect(set([{ command: "help", description: "  " }])).rejects.toMatchObject(
      refusal("command description must be non-empty"),
    );
    await expect(set([{ command: "help", description: "x".repeat(257) }])).rejects.toMatchObject(
      refusal("command description length must not exceed 256"),
    );
    await expect(set([{ command: "help" }])).rejects.toMatchObject(
      refusal(`can't parse BotCommand: Can't find field "description"`),
    );
    await expect(set({})).rejects.toMatchObject(refusal("expected an Array of BotCommand"));
    const many = Array.from({ length: 101 }, (_, i) => ({ command: `c${i}`, description: "x" }));
    await expect(set(many)).rejects.toMatchObject(refusal("BOT_COMMANDS_TOO_MUCH"));
    await expect(set(HELP, { language_code: "eng" })).rejects.toMatchObject(
      refusal("invalid language code specified"),
    );
    await expect(
      set(HELP, { scope: { type: "chat_administrators", chat_id: env.user.id } }),
    ).rejects.toMatchObject(refusal("can't use specified scope in private chats"));
    await expect(set(HELP, { scope: { type: "chat", chat_id: 4242 } })).rejects.toMatchObject(
      refusal("chat not found"),
    );
    expect(await env.api.getMyCommands()).toEqual([]);
  });
});

describe("the command menu users see", () => {
  const list = (name: string): BotCommand[] => [{ command: name, description: name }];

  it("follows the Bot API's lookup order in the chat with the bot, language first", async () => {
    const german = await env.client.createUser({ first_name: "Greta", language_code: "de" });
    const menu = (userId: number, languageCode?: string) =>
      env.client.commandMenu({
        user_id: userId,
        ...(languageCode === undefined ? {} : { language_code: languageCode }),
      });
    expect(await menu(german.id)).toEqual([]);
    await env.api.setMyCommands(list("default"));
    expect(await menu(german.id)).toEqual(list("default"));
    await env.api.setMyCommands(list("default_de"), { language_code: "de" });
    expect(await menu(german.id)).toEqual(list("default_de"));
    expect(await menu(env.user.id)).toEqual(list("default"));
    await env.api.setMyCommands(list("private"), { scope: { type: "all_private_chats" } });
    expect(await menu(german.id)).toEqual(list("private"));
    await env.api.setMyCommands(list("chat"), { scope: { type: "chat", chat_id: german.id } });
    expect(await menu(german.id)).toEqual(list("chat"));
    expect(await menu(env.user.id)).toEqual(list("private"));
    await env.api.setMyCommands(list("chat_de"), {
      scope: { type: "chat", chat_id: german.id },
      language_code: "de",
    });
    expect(await menu(german.id)).toEqual(list("chat_de"));
    expect(await menu(german.id, "fr")).toEqual(list("chat"));
    // getMyCommands itself reads one scope and language exactly, without falling back.
    expect(await env.api.getMyCommands({ scope: { type: "chat", chat_id: env.user.id } })).toEqual(
      [],
    );
  });

  it("in groups: member, administrators, chat, all administrators, all groups, default", async () => {
    const admin = await env.client.createUser({ first_name: "Admin" });
    const member = await env.client.createUser({ first_name: "Member" });
    const group = await env.client.createGroup({
      title: "G",
      member_ids: [admin.id, member.id],
    });
    const menu = (userId: number) => env.client.commandMenu({ user_id: userId, chat_id: group.id });
    await env.api.setMyCommands(list("private"), { scope: { type: "all_private_chats" } });
    await env.api.setMyCommands(list("default"));
    expect(await menu(member.id)).toEqual(list("default"));
    await env.api.setMyCommands(list("groups"), { scope: { type: "all_group_chats" } });
    await env.api.setMyCommands(list("all_admins"), {
      scope: { type: "all_chat_administrators" },
    });
    expect(await menu(member.id)).toEqual(list("groups"));
    expect(await menu(admin.id)).toEqual(list("all_admins"));
    await env.api.setMyCommands(list("chat"), { scope: { type: "chat", chat_id: group.id } });
    expect(await menu(member.id)).toEqual(list("chat"));
    expect(await menu(admin.id)).toEqual(list("chat"));
    await env.api.setMyCommands(list("admins"), {
      scope: { type: "chat_administrators", chat_id: group.id },
    });
    expect(await menu(admin.id)).toEqual(list("admins"));
    expect(await menu(member.id)).toEqual(list("chat"));
    await env.api.setMyCommands(list("just_you"), {
      scope: { type: "chat_member", chat_id: group.id, user_id: admin.id },
    });
    expect(await menu(admin.id)).toEqual(list("just_you"));
    await expect(
      env.client.commandMenu({ user_id: env.user.id, chat_id: group.id }),
    ).rejects.toThrow(/not a member/);
    await expect(env.client.commandMenu({ user_id: admin.id, chat_id: member.id })).rejects.toThrow(
      /their own chat/,
    );
  });
});

describe("chat actions", () => {
  it("records the last action per chat; it shows for 5 s or until the bot speaks", async () => {
    expect(await env.client.chatAction(env.user.id)).toBeNull();
    expect(await env.api.sendChatAction(env.user.id, "typing")).toBe(true);
    expect(await env.client.chatAction(env.user.id)).toEqual({
      chat_id: env.user.id,
      action: "typing",
      date: Math.floor(clock / 1000),
      active: true,
    });
    clock += 5_000;
    expect((await env.client.chatAction(env.user.id))?.active).toBe(false);
    await env.api.sendChatAction(env.user.id, "upload_document");
    await env.api.sendMessage(env.user.id, "done");
    expect(await env.client.chatAction(env.user.id)).toMatchObject({
      action: "upload_document",
      active: false,
    });
  });

  it("refuses unknown actions and unknown chats", async () => {
    await expect(env.api.sendChatAction(env.user.id, "dancing" as never)).rejects.toMatchObject(
      refusal("wrong parameter action in request"),
    );
    await expect(env.api.sendChatAction(4242, "typing")).rejects.toMatchObject(
      refusal("chat not found"),
    );
  });
});
