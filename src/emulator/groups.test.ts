// Groups as a bot sees them: privacy mode, members joining, leaving and being promoted (with the
// updates Telegram sends), getChat / getChatMember / getChatAdministrators, forwards, and the web
// chat's chat list.
import { Api } from "grammy";
import type { Update, User } from "grammy/types";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EmulatorClient } from "./client.js";
import { startEmulator, type Emulator, type GroupChat } from "./index.js";

let emu: Emulator;
let api: Api;
let client: EmulatorClient;
let owner: User;
let member: User;
let group: GroupChat;
let bot: User;

beforeAll(async () => {
  emu = await startEmulator();
  api = new Api(emu.defaultToken, { apiRoot: emu.url });
  client = new EmulatorClient(emu.url);
  bot = await api.getMe();
});
beforeEach(async () => {
  await client.reset();
  owner = await client.createUser({ first_name: "Owner" });
  member = await client.createUser({ first_name: "Member", username: "member" });
  group = await client.createGroup({ title: "Club", member_ids: [owner.id, member.id] });
});
afterAll(async () => {
  await emu.close();
});

async function takeUpdates(allowed?: string[]): Promise<Update[]> {
  const updates = await api.getUpdates(
    allowed === undefined ? {} : { allowed_updates: allowed as never },
  );
  const last = updates.at(-1);
  if (last !== undefined) await api.getUpdates({ offset: last.update_id + 1 });
  return updates;
}

const say = (text: string, extra: { reply_to_message_id?: number } = {}) =>
  client.sendMessage({ chat_id: group.id, from_id: member.id, text, ...extra });

describe("privacy mode", () => {
  it("lets through only commands, replies to the bot and mentions, until it is off", async () => {
    expect((await api.getMe()).can_read_all_group_messages).toBe(false);
    const mine = await api.sendMessage(group.id, "I speak");
    await say("just chatting");
    await say("/help");
    await say("/help@babelgram_local_bot");
    await say("/help@some_other_bot");
    await say("hey @babelgram_local_bot");
    await say("answer", { reply_to_message_id: mine.message_id });
    const texts = (await takeUpdates()).map((u) => u.message?.text);
    expect(texts).toEqual([
      "/help",
      "/help@babelgram_local_bot",
      "hey @babelgram_local_bot",
      "answer",
    ]);

    await client.setPrivacy(false);
    expect((await api.getMe()).can_read_all_group_messages).toBe(true);
    await say("now everything");
    expect((await takeUpdates()).map((u) => u.message?.text)).toEqual(["now everything"]);
  });

  it("does not filter private chats, nor groups where the bot is an administrator", async () => {
    await client.sendMessage({ chat_id: member.id, from_id: member.id, text: "private" });
    await client.changeMember(group.id, { user_id: bot.id, action: "promote" });
    await say("admins see all");
    const updates = await takeUpdates();
    expect(updates.map((u) => u.message?.text).filter(Boolean)).toEqual([
      "private",
      "admins see all",
    ]);
  });
});

describe("members", () => {
  it("a user joins and leaves: service messages for all, chat_member only when asked for", async () => {
    const newcomer = await client.createUser({ first_name: "New" });
    const joined = await client.changeMember(group.id, { user_id: newcomer.id, action: "join" });
    expect(joined.chat_member).toEqual({ status: "member", user: newcomer });
    expect(joined.message).toMatchObject({ from: newcomer, new_chat_members: [newcomer] });
    const [service] = await takeUpdates();
    expect(service?.message?.new_chat_members).toEqual([newcomer]);

    // chat_member needs both: the bot an administrator, and chat_member in allowed_updates.
    await client.changeMember(group.id, { user_id: bot.id, action: "promote" });
    await takeUpdates(["message", "chat_member", "my_chat_member"]);
    await client.changeMember(group.id, { user_id: newcomer.id, action: "leave" });
    const updates = await takeUpdates();
    expect(updates.map((u) => Object.keys(u)[1])).toEqual(["chat_member", "message"]);
    expect(updates[0]?.chat_member).toMatchObject({
      chat: { id: group.id },
      from: newcomer,
      old_chat_member: { status: "member", user: newcomer },
      new_chat_member: { status: "left", user: newcomer },
    });
    expect(updates[1]?.message?.left_chat_member).toEqual(newcomer);
  });

  it("the bot itself: promoted, removed (kicked) and added back to the same chat", async () => {
    await client.changeMember(group.id, { user_id: bot.id, action: "promote" });
    const [promoted] = await takeUpdates();
    expect(promoted?.my_chat_member).toMatchObject({
      from: owner,
      old_chat_member: { status: "member" },
      new_chat_member: { status: "administrator", can_delete_messages: true },
    });
    await client.changeMember(group.id, { user_id: bot.id, action: "leave", from_id: owner.id });
    const [removed] = await takeUpdates();
    expect(removed?.my_chat_member).toMatchObject({
      chat: { id: group.id },
      from: owner,
      old_chat_member: { status: "administrator" },
      new_chat_member: { status: "kicked", until_date: 0, user: { id: bot.id } },
    });
    await expect(api.sendMessage(group.id, "hi")).rejects.toMatchObject({
      error_code: 403,
      description: "Forbidden: bot was kicked from the group chat",
    });
    // What is said while the bot is out never reaches it.
    await say("/help while you are away");
    expect(await takeUpdates()).toEqual([]);
    await expect(
      client.changeMember(group.id, { user_id: bot.id, action: "join", from_id: bot.id }),
    ).rejects.toThrow(/only someone else can add them back/);

    await client.changeMember(group.id, { user_id: bot.id, action: "join" });
    const added = await takeUpdates();
    expect(added.map((u) => Object.keys(u)[1])).toEqual(["my_chat_member", "message"]);
    expect(added[0]?.my_chat_member).toMatchObject({
      chat: { id: group.id, type: "group", title: "Club" },
      from: owner,
      old_chat_member: { status: "kicked" },
      new_chat_member: { status: "member" },
    });
    expect(added[1]?.message).toMatchObject({
      chat: { id: group.id },
      from: owner,
      new_chat_members: [{ id: bot.id }],
    });
    expect(await api.getChat(group.id)).toMatchObject({ id: group.id, title: "Club" });
    expect((await api.sendMessage(group.id, "back")).chat.id).toBe(group.id);
    await say("/help again");
    expect((await takeUpdates()).map((u) => u.message?.chat.id)).toEqual([group.id]);
    await expect(
      client.changeMember(group.id, { user_id: member.id, action: "demote" }),
    ).rejects.toThrow(/not an administrator/);
  });

  it("a bot that leaves by itself is left, not kicked; only administrators remove others", async () => {
    await client.changeMember(group.id, { user_id: bot.id, action: "leave" });
    const [left] = await takeUpdates();
    expect(left?.my_chat_member).toMatchObject({
      from: { id: bot.id },
      old_chat_member: { status: "member" },
      new_chat_member: { status: "left" },
    });
    await expect(api.sendMessage(group.id, "hi")).rejects.toMatchObject({
      error_code: 403,
      description: "Forbidden: bot is not a member of the group chat",
    });
    await client.changeMember(group.id, { user_id: bot.id, action: "join", from_id: member.id });
    const [back] = await takeUpdates();
    expect(back?.my_chat_member).toMatchObject({
      from: member,
      old_chat_member: { status: "left" },
      new_chat_member: { status: "member" },
    });
    await expect(
      client.changeMember(group.id, { user_id: owner.id, action: "leave", from_id: member.id }),
    ).rejects.toThrow(/not an administrator to remove others/);
  });

  it("in a supergroup: kicked from the supergroup chat, back in the same chat", async () => {
    const big = await client.createGroup({
      title: "Big",
      member_ids: [owner.id, member.id],
      type: "supergroup",
    });
    await client.changeMember(big.id, { user_id: bot.id, action: "leave", from_id: owner.id });
    await expect(api.sendMessage(big.id, "hi")).rejects.toMatchObject({
      error_code: 403,
      description: "Forbidden: bot was kicked from the supergroup chat",
    });
    await expect(api.getChatMember(big.id, member.id)).rejects.toMatchObject({ error_code: 403 });
    await client.changeMember(big.id, { user_id: member.id, action: "leave", from_id: owner.id });
    expect(await client.changeMember(big.id, { user_id: bot.id, action: "join" })).toMatchObject({
      chat_member: { status: "member" },
    });
    expect(await api.getChatMember(big.id, member.id)).toEqual({
      status: "kicked",
      user: member,
      until_date: 0,
    });
    const updates = await takeUpdates();
    expect(updates.flatMap((u) => (u.my_chat_member ? [u.my_chat_member] : []))).toMatchObject([
      { chat: { id: big.id }, new_chat_member: { status: "kicked" } },
      {
        chat: { id: big.id },
        old_chat_member: { status: "kicked" },
        new_chat_member: { status: "member" },
      },
    ]);
    expect((await api.sendMessage(big.id, "back")).chat).toEqual(big);
  });
});

describe("chat information", () => {
  it("getChat, getChatMember and getChatAdministrators", async () => {
    expect(await api.getChat(group.id)).toMatchObject({
      id: group.id,
      type: "group",
      title: "Club",
      max_reaction_count: 11,
      permissions: { can_send_messages: true },
    });
    expect(await api.getChat(member.id)).toMatchObject({
      id: member.id,
      type: "private",
      first_name: "Member",
      username: "member",
    });
    expect(await api.getChatMember(group.id, owner.id)).toEqual({
      status: "creator",
      user: owner,
      is_anonymous: false,
    });
    expect(await api.getChatMember(group.id, bot.id)).toMatchObject({ status: "member" });
    const stranger = await client.createUser({ first_name: "Stranger" });
    expect(await api.getChatMember(group.id, stranger.id)).toMatchObject({ status: "left" });
    await expect(api.getChatMember(group.id, 99_999)).rejects.toMatchObject({
      description: "Bad Request: user not found",
    });
    await client.changeMember(group.id, { user_id: member.id, action: "promote" });
    const admins = await api.getChatAdministrators(group.id);
    expect(admins.map((admin) => [admin.status, admin.user.id])).toEqual([
      ["creator", owner.id],
      ["administrator", member.id],
    ]);
    await expect(api.getChatAdministrators(member.id)).rejects.toMatchObject({
      description: "Bad Request: there are no administrators in the private chat",
    });
  });
});

describe("forwards and the chat list", () => {
  it("forwards a message with forward_origin, and lists a user's chats", async () => {
    await client.setPrivacy(false);
    const original = await say("worth sharing");
    const forwarded = await client.forwardMessage({
      chat_id: group.id,
      from_id: member.id,
      message_id: original.message_id,
      to_chat_id: member.id,
    });
    expect(forwarded).toMatchObject({
      chat: { id: member.id, type: "private" },
      from: member,
      text: "worth sharing",
      forward_origin: { type: "user", sender_user: member, date: original.date },
    });
    const updates = await takeUpdates();
    expect(updates.at(-1)?.message).toEqual(forwarded);

    expect(await client.chats({ user_id: member.id })).toEqual([
      { id: member.id, type: "private", title: bot.first_name, username: bot.username },
      { id: group.id, type: "group", title: "Club" },
    ]);
    expect((await client.chatMessages(group.id)).map((m) => m.text)).toEqual(["worth sharing"]);
  });
});
