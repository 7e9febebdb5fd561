// Forum supergroups: topics opened by members (forum_topic_created), messages in topics as the
// Bot API shows them (message_thread_id, is_topic_message, reply_to_message = the topic's creation
// message), the bot's sends into a topic, and Telegram's refusals of threads that are not topics.
import { InputFile } from "grammy";
import type { Update, User } from "grammy/types";
import { beforeEach, describe, expect, it } from "vitest";
import type { GroupChat } from "./index.js";
import { useEmulator } from "./test-emulator.js";

const env = useEmulator({ user: { first_name: "Owner" } });

const refusal = (what: string) => ({ error_code: 400, description: `Bad Request: ${what}` });

let member: User;
let forum: GroupChat;

beforeEach(async () => {
  member = await env.client.createUser({ first_name: "Member" });
  forum = await env.client.createGroup({
    title: "Polyglots",
    member_ids: [env.user.id, member.id],
    type: "supergroup",
    is_forum: true,
  });
  // The bot sees everything said in the group, as a translator bot needs to.
  await env.client.setPrivacy(false);
});

/** The next updates, confirming them. */
async function takeUpdates(): Promise<Update[]> {
  const updates = await env.api.getUpdates();
  const last = updates.at(-1);
  if (last !== undefined) await env.api.getUpdates({ offset: last.update_id + 1 });
  return updates;
}

describe("forum supergroups", () => {
  it("are supergroups with is_forum, in the Chat and in getChat; other chats are not", async () => {
    expect(forum).toEqual({
      id: forum.id,
      type: "supergroup",
      title: "Polyglots",
      is_forum: true,
    });
    expect(await env.api.getChat(forum.id)).toMatchObject({ id: forum.id, is_forum: true });
    const plain = await env.client.createGroup({
      title: "Plain",
      member_ids: [env.user.id],
      type: "supergroup",
    });
    expect(await env.api.getChat(plain.id)).not.toHaveProperty("is_forum");
    await expect(
      env.client.createGroup({ title: "Basic", member_ids: [env.user.id], is_forum: true }),
    ).rejects.toThrow(/only a supergroup can be a forum/);
  });
});

describe("topics", () => {
  it("a member opens a topic: forum_topic_created, whose message_id is the thread id", async () => {
    const topic = await env.client.createTopic(forum.id, { from_id: member.id, name: "Español" });
    expect(topic).toEqual({
      message_id: topic.message_id,
      message_thread_id: topic.message_id,
      from: member,
      chat: forum,
      date: topic.date,
      forum_topic_created: { name: "Español", icon_color: 0x6fb9f0 },
      is_topic_message: true,
    });
    const [update] = await takeUpdates();
    expect(update?.message).toEqual(topic);

    const colored = await env.client.createTopic(forum.id, {
      from_id: member.id,
      name: "Deutsch",
      icon_color: 0xff93b2,
      icon_custom_emoji_id: "5312536423851630001",
    });
    expect(colored.forum_topic_created).toEqual({
      name: "Deutsch",
      icon_color: 0xff93b2,
      icon_custom_emoji_id: "5312536423851630001",
    });
    expect(colored.message_thread_id).toBe(colored.message_id);
    expect(colored.message_id).toBeGreaterThan(topic.message_id);
  });

  it("refuses topics outside forums, from non-members, and odd names or colours", async () => {
    const plain = await env.client.createGroup({
      title: "Plain",
      member_ids: [env.user.id],
      type: "supergroup",
    });
    await expect(
      env.client.createTopic(plain.id, { from_id: env.user.id, name: "x" }),
    ).rejects.toThrow(/is not a forum/);
    const stranger = await env.client.createUser({ first_name: "Stranger" });
    await expect(
      env.client.createTopic(forum.id, { from_id: stranger.id, name: "x" }),
    ).rejects.toThrow(/not a member/);
    await expect(
      env.client.createTopic(forum.id, { from_id: member.id, name: "x".repeat(129) }),
    ).rejects.toThrow(/name: 1 to 128 characters/);
    await expect(
      env.client.createTopic(forum.id, { from_id: member.id, name: "x", icon_color: 0x123456 }),
    ).rejects.toThrow(/icon_color: one of/);
  });

  it("user messages in a topic carry the thread, and reply to its creation message", async () => {
    const topic = await env.client.createTopic(forum.id, { from_id: member.id, name: "Français" });
    const said = await env.client.sendMessage({
      chat_id: forum.id,
      from_id: env.user.id,
      text: "bonjour",
      message_thread_id: topic.message_id,
    });
    expect(said).toMatchObject({
      message_thread_id: topic.message_id,
      is_topic_message: true,
      reply_to_message: topic,
      text: "bonjour",
    });
    // A reply goes to the replied message's topic without message_thread_id.
    const answer = await env.client.sendMessage({
      chat_id: forum.id,
      from_id: member.id,
      text: "salut",
      reply_to_message_id: said.message_id,
    });
    expect(answer).toMatchObject({ message_thread_id: topic.message_id, is_topic_message: true });
    expect(answer.reply_to_message).toMatchObject({ message_id: said.message_id, text: "bonjour" });
    expect(answer.reply_to_message).not.toHaveProperty("reply_to_message");
    // Outside any topic (the General topic): no thread, no reply.
    const general = await env.client.sendMessage({
      chat_id: forum.id,
      from_id: member.id,
      text: "hello all",
    });
    expect(general).not.toHaveProperty("message_thread_id");
    expect(general).not.toHaveProperty("is_topic_message");
    expect(general).not.toHaveProperty("reply_to_message");
    const updates = await takeUpdates();
    expect(updates.map((u) => u.message?.message_thread_id)).toEqual([
      topic.message_id,
      topic.message_id,
      topic.message_id,
      undefined,
    ]);
    await expect(
      env.client.sendMessage({
        chat_id: forum.id,
        from_id: member.id,
        text: "x",
        message_thread_id: general.message_id,
      }),
    ).rejects.toThrow(/message_thread_id: message thread not found/);
  });

  it("the bot sends into a topic with message_thread_id, and replies land in the topic", async () => {
    const topic = await env.client.createTopic(forum.id, { from_id: member.id, name: "Italiano" });
    const sent = await env.api.sendMessage(forum.id, "ciao", {
      message_thread_id: topic.message_id,
    });
    expect(sent).toMatchObject({
      chat: forum,
      message_thread_id: topic.message_id,
      is_topic_message: true,
      reply_to_message: { message_id: topic.message_id, forum_topic_created: { name: "Italiano" } },
      text: "ciao",
    });
    const question = await env.client.sendMessage({
      chat_id: forum.id,
      from_id: member.id,
      text: "come stai?",
      message_thread_id: topic.message_id,
    });
    // A reply without message_thread_id lands in the replied message's topic, as in Telegram.
    const reply = await env.api.sendMessage(forum.id, "bene", {
      reply_parameters: { message_id: question.message_id },
    });
    expect(reply).toMatchObject({
      message_thread_id: topic.message_id,
      is_topic_message: true,
      reply_to_message: { message_id: question.message_id, text: "come stai?" },
    });
    const photo = await env.api.sendPhoto(forum.id, new InputFile(Buffer.from("png")), {
      caption: "foto",
      message_thread_id: topic.message_id,
    });
    expect(photo).toMatchObject({ message_thread_id: topic.message_id, is_topic_message: true });
    const general = await env.api.sendMessage(forum.id, "to everyone");
    expect(general).not.toHaveProperty("message_thread_id");
    expect(general).not.toHaveProperty("reply_to_message");
    expect((await env.client.sent({ chat_id: forum.id })).map((m) => m.message_thread_id)).toEqual([
      topic.message_id,
      topic.message_id,
      topic.message_id,
      undefined,
    ]);
  });

  it("refuses a thread that is not a topic, as Telegram's Bot API server does", async () => {
    const topic = await env.client.createTopic(forum.id, { from_id: member.id, name: "Topic" });
    const general = await env.api.sendMessage(forum.id, "general");
    await expect(
      env.api.sendMessage(forum.id, "x", { message_thread_id: 9999 }),
    ).rejects.toMatchObject(refusal("message thread not found"));
    await expect(
      env.api.sendMessage(forum.id, "x", { message_thread_id: general.message_id }),
    ).rejects.toMatchObject(refusal("message thread not found"));
    await expect(
      env.api.sendDocument(forum.id, new InputFile(Buffer.from("doc"), "a.txt"), {
        message_thread_id: 9999,
      }),
    ).rejects.toMatchObject(refusal("message thread not found"));
    // Chats without topics: no thread there is a topic.
    const plain = await env.client.createGroup({
      title: "Plain",
      member_ids: [env.user.id],
      type: "supergroup",
    });
    const there = await env.api.sendMessage(plain.id, "first");
    await expect(
      env.api.sendMessage(plain.id, "x", { message_thread_id: there.message_id }),
    ).rejects.toMatchObject(refusal("message thread not found"));
    await expect(
      env.api.sendMessage(env.user.id, "x", { message_thread_id: topic.message_id }),
    ).rejects.toMatchObject(refusal("message thread not found"));
    // A missing reply target is checked first.
    await expect(
      env.api.sendMessage(forum.id, "x", {
        message_thread_id: 9999,
        reply_parameters: { message_id: 8888 },
      }),
    ).rejects.toMatchObject(refusal("message to be replied not found"));
    expect(await env.client.sent({ chat_id: forum.id })).toHaveLength(1);
  });

  it("edits keep the topic, and the bot edits its messages in topics", async () => {
    const topic = await env.client.createTopic(forum.id, { from_id: member.id, name: "Topic" });
    const said = await env.client.sendMessage({
      chat_id: forum.id,
      from_id: member.id,
      text: "teh",
      message_thread_id: topic.message_id,
    });
    const edited = await env.client.editMessage({
      chat_id: forum.id,
      message_id: said.message_id,
      text: "the",
    });
    expect(edited).toMatchObject({
      message_id: said.message_id,
      message_thread_id: topic.message_id,
      is_topic_message: true,
      text: "the",
    });
    const sent = await env.api.sendMessage(forum.id, "draft", {
      message_thread_id: topic.message_id,
    });
    const fixed = await env.api.editMessageText(forum.id, sent.message_id, "final");
    expect(fixed).toMatchObject({ message_thread_id: topic.message_id, text: "final" });
  });
});
