// Captions and edits: users send photos, videos and documents with captions and caption_entities,
// and edit texts and captions (edited_message with edit_date, nothing for an edit that changes
// nothing); the bot edits its captions with editMessageCaption, with Telegram's refusals.
import { InputFile } from "grammy";
import type { MessageEntity, Update } from "grammy/types";
import { beforeEach, describe, expect, it } from "vitest";
import { useEmulator } from "./test-emulator.js";

let clock = Date.now();
beforeEach(() => {
  clock = Date.now();
});
const env = useEmulator({ now: () => clock, user: { first_name: "Captioner" } });

const refusal = (what: string) => ({ error_code: 400, description: `Bad Request: ${what}` });
const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
const BYTES = Buffer.from("89504e470d0a1a0a", "hex");
const BOLD: MessageEntity[] = [{ type: "bold", offset: 0, length: 4 }];

/** The next updates, confirming them. */
async function takeUpdates(): Promise<Update[]> {
  const updates = await env.api.getUpdates();
  const last = updates.at(-1);
  if (last !== undefined) await env.api.getUpdates({ offset: last.update_id + 1 });
  return updates;
}

const own = () => ({ chat_id: env.user.id, from_id: env.user.id });

describe("users' media with captions", () => {
  it("photos, videos and documents carry caption and caption_entities", async () => {
    const photo = await env.client.sendMessage({
      ...own(),
      photo: true,
      caption: "Look at /this",
      caption_entities: BOLD,
    });
    expect(photo).toMatchObject({
      caption: "Look at /this",
      caption_entities: [
        { type: "bold", offset: 0, length: 4 },
        { type: "bot_command", offset: 8, length: 5 },
      ],
    });
    expect(photo).not.toHaveProperty("text");
    const video = await env.client.sendMessage({ ...own(), video: true, caption: "clip" });
    expect(video).toMatchObject({ caption: "clip" });
    expect(video.video).toMatchObject({ mime_type: "video/mp4", duration: 12 });
    expect(video.video?.file_id).toMatch(/^BAAC/);
    const document = await env.client.sendMessage({ ...own(), document: true });
    expect(document.document).toMatchObject({ file_name: "document.pdf" });
    expect(document.document?.file_id).toMatch(/^BQAC/);
    expect(document).not.toHaveProperty("caption");
    const updates = await takeUpdates();
    expect(updates.map((u) => u.message)).toEqual([photo, video, document]);
    // The bot can send a user's document or video on by its file_id, with its type checked.
    const again = await env.api.sendDocument(env.user.id, document.document?.file_id ?? "");
    expect(again.document?.file_id).toBe(document.document?.file_id);
    await expect(
      env.api.sendDocument(env.user.id, video.video?.file_id ?? ""),
    ).rejects.toMatchObject(refusal("can't use file of type Video as Document"));
  });

  it("refuses what a user cannot send", async () => {
    await expect(env.client.sendMessage({ ...own(), photo: true, video: true })).rejects.toThrow(
      /photo, video: one kind per message/,
    );
    await expect(env.client.sendMessage({ ...own(), text: "hi", caption: "x" })).rejects.toThrow(
      /only a photo, video or document has a caption/,
    );
    await expect(env.client.sendMessage({ ...own(), video: true, text: "x" })).rejects.toThrow(
      /a video has a caption instead/,
    );
    await expect(
      env.client.sendMessage({ ...own(), photo: true, caption: "x", entities: BOLD }),
    ).rejects.toThrow(/caption_entities/);
  });
});

describe("users' edits", () => {
  it("an edited text keeps its message_id and gains edit_date; the same text sends nothing", async () => {
    const original = await env.client.sendMessage({ ...own(), text: "helo wrold" });
    await takeUpdates();
    clock += 7_000;
    const edited = await env.client.editMessage({
      chat_id: env.user.id,
      message_id: original.message_id,
      text: "hello world",
    });
    expect(edited).toEqual({
      ...original,
      text: "hello world",
      edit_date: Math.floor(clock / 1000),
    });
    expect(edited.edit_date).toBeGreaterThan(original.date);
    const [update] = await takeUpdates();
    expect(update?.edited_message).toEqual(edited);
    expect(update).not.toHaveProperty("message");

    await expect(
      env.client.editMessage({
        chat_id: env.user.id,
        message_id: original.message_id,
        text: "hello world",
      }),
    ).rejects.toThrow(/would not change/);
    // New entities on the same text are a change.
    const bold = await env.client.editMessage({
      chat_id: env.user.id,
      message_id: original.message_id,
      text: "hello world",
      entities: [{ type: "bold", offset: 0, length: 5 }],
    });
    expect(bold.entities).toEqual([{ type: "bold", offset: 0, length: 5 }]);
    expect((await takeUpdates()).map((u) => u.edited_message?.entities)).toEqual([bold.entities]);
    expect(await env.client.chatMessages(env.user.id)).toEqual([bold]);
  });

  it("a caption edit: new caption, caption removed, no text edits of media", async () => {
    const photo = await env.client.sendMessage({ ...own(), photo: true, caption: "cat" });
    await takeUpdates();
    const edited = await env.client.editMessage({
      chat_id: env.user.id,
      message_id: photo.message_id,
      caption: "cats, #two",
    });
    expect(edited).toMatchObject({
      message_id: photo.message_id,
      photo: photo.photo,
      caption: "cats, #two",
      caption_entities: [{ type: "hashtag", offset: 6, length: 4 }],
    });
    expect(edited.edit_date).toBeDefined();
    await expect(
      env.client.editMessage({
        chat_id: env.user.id,
        message_id: photo.message_id,
        caption: "cats, #two",
      }),
    ).rejects.toThrow(/would not change/);
    await expect(
      env.client.editMessage({ chat_id: env.user.id, message_id: photo.message_id, text: "x" }),
    ).rejects.toThrow(/has a caption; edit that/);
    const removed = await env.client.editMessage({
      chat_id: env.user.id,
      message_id: photo.message_id,
      caption: "",
    });
    expect(removed).not.toHaveProperty("caption");
    expect(removed).not.toHaveProperty("caption_entities");
    const updates = await takeUpdates();
    expect(updates.map((u) => u.edited_message?.caption)).toEqual(["cats, #two", undefined]);
    const sticker = await env.client.sendMessage({ ...own(), sticker: true });
    await expect(
      env.client.editMessage({
        chat_id: env.user.id,
        message_id: sticker.message_id,
        caption: "x",
      }),
    ).rejects.toThrow(/only text and captions can be edited/);
  });
});

describe("editMessageCaption", () => {
  it("replaces the caption (parse_mode or caption_entities), keeps the media, sets edit_date", async () => {
    const sent = await env.api.sendPhoto(env.user.id, new InputFile(BYTES), {
      caption: "old",
      reply_markup: { inline_keyboard: [[{ text: "More", callback_data: "more" }]] },
    });
    clock += 3_000;
    const html = await env.api.editMessageCaption(env.user.id, sent.message_id, {
      caption: "<b>new</b> caption",
      parse_mode: "HTML",
    });
    expect(html).toMatchObject({
      message_id: sent.message_id,
      photo: sent.photo,
      caption: "new caption",
      caption_entities: [{ type: "bold", offset: 0, length: 3 }],
      edit_date: Math.floor(clock / 1000),
    });
    // Like editMessageText, an edit without reply_markup drops the keyboard.
    expect(html).not.toHaveProperty("reply_markup");
    const given = await env.api.editMessageCaption(env.user.id, sent.message_id, {
      caption: "with entities",
      caption_entities: [{ type: "italic", offset: 0, length: 4 }],
    });
    expect(given).toMatchObject({ caption_entities: [{ type: "italic", offset: 0, length: 4 }] });
    const bare = await env.api.editMessageCaption(env.user.id, sent.message_id);
    expect(bare).not.toHaveProperty("caption");
    expect(bare).toMatchObject({ photo: sent.photo });
    expect(await env.client.chatMessages(env.user.id)).toEqual([bare]);
    const doc = await env.api.sendDocument(env.user.id, new InputFile(BYTES, "a.pdf"));
    const captioned = await env.api.editMessageCaption(env.user.id, doc.message_id, {
      caption: "the report",
    });
    expect(captioned).toMatchObject({ document: doc.document, caption: "the report" });
  });

  it("refuses Telegram's way: not modified, too long, no caption to edit, not the bot's", async () => {
    const sent = await env.api.sendPhoto(env.user.id, new InputFile(BYTES), { caption: "same" });
    await expect(
      env.api.editMessageCaption(env.user.id, sent.message_id, { caption: "same" }),
    ).rejects.toMatchObject(refusal(NOT_MODIFIED));
    // 1024 characters after entity parsing: the markup does not count.
    await expect(
      env.api.editMessageCaption(env.user.id, sent.message_id, {
        caption: `<b>${"x".repeat(1024)}</b>`,
        parse_mode: "HTML",
      }),
    ).resolves.toMatchObject({ caption: "x".repeat(1024) });
    await expect(
      env.api.editMessageCaption(env.user.id, sent.message_id, { caption: "x".repeat(1025) }),
    ).rejects.toMatchObject(refusal("MEDIA_CAPTION_TOO_LONG"));
    const text = await env.api.sendMessage(env.user.id, "just text");
    await expect(
      env.api.editMessageCaption(env.user.id, text.message_id, { caption: "x" }),
    ).rejects.toMatchObject(refusal("there is no caption in the message to edit"));
    const theirs = await env.client.sendMessage({ ...own(), photo: true, caption: "mine" });
    await expect(
      env.api.editMessageCaption(env.user.id, theirs.message_id, { caption: "x" }),
    ).rejects.toMatchObject(refusal("message can't be edited"));
    await expect(
      env.api.editMessageCaption(env.user.id, 999, { caption: "x" }),
    ).rejects.toMatchObject(refusal("message to edit not found"));
    await expect(
      env.api.editMessageCaption(env.user.id, sent.message_id, {
        caption: "<b>broken",
        parse_mode: "HTML",
      }),
    ).rejects.toMatchObject({ error_code: 400 });
    await expect(env.api.editMessageCaptionInline("abc", { caption: "x" })).rejects.toMatchObject(
      refusal("invalid inline message identifier specified"),
    );
  });
});
