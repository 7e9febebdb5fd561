// sendPhoto and sendDocument: multipart uploads (grammY's InputFile, and a plain FormData), HTTP
// URLs and file_ids, captions, and Telegram's refusals.
import { InputFile } from "grammy";
import { describe, expect, it } from "vitest";
import { useEmulator } from "./test-emulator.js";

const env = useEmulator({ user: { first_name: "Viewer" } });

const refusal = (what: string) => ({ error_code: 400, description: `Bad Request: ${what}` });
const BYTES = Buffer.from("89504e470d0a1a0a0000000d4948445200000001", "hex");

describe("sendPhoto", () => {
  it("takes an upload from grammY's InputFile, with caption and keyboard", async () => {
    const sent = await env.api.sendPhoto(env.user.id, new InputFile(BYTES), {
      caption: "  a /cat  ",
      reply_markup: { inline_keyboard: [[{ text: "More", callback_data: "more" }]] },
    });
    expect(sent).toMatchObject({
      chat: { id: env.user.id },
      caption: "a /cat",
      caption_entities: [{ type: "bot_command", offset: 2, length: 4 }],
      reply_markup: { inline_keyboard: [[{ text: "More", callback_data: "more" }]] },
    });
    expect(sent.photo?.length).toBeGreaterThan(1);
    const largest = sent.photo?.at(-1);
    expect(largest?.file_size).toBe(BYTES.length);
    expect(largest?.file_id).toMatch(/^AgAC/);
    // The file_id sends the same photo again.
    const again = await env.api.sendPhoto(env.user.id, largest?.file_id ?? "");
    expect(again.photo).toEqual(sent.photo);
    expect(again).not.toHaveProperty("caption");
    const styled = await env.api.sendPhoto(env.user.id, largest?.file_id ?? "", {
      caption: "<i>so</i> cute",
      parse_mode: "HTML",
    });
    expect(styled).toMatchObject({
      caption: "so cute",
      caption_entities: [{ type: "italic", offset: 0, length: 2 }],
    });
    const calls = await env.client.calls({ method: "sendPhoto" });
    expect(JSON.stringify(calls[0]?.params)).not.toContain("137,80,78");
  });

  it("takes a URL, and a user's photo by its file_id", async () => {
    const byUrl = await env.api.sendPhoto(env.user.id, "https://example.com/cat.jpg");
    expect(byUrl.photo?.at(-1)?.file_id).toMatch(/^AgAC/);
    const theirs = await env.client.sendMessage({
      chat_id: env.user.id,
      from_id: env.user.id,
      photo: true,
    });
    const echoed = await env.api.sendPhoto(env.user.id, theirs.photo?.at(-1)?.file_id ?? "");
    expect(echoed.photo?.at(-1)?.file_id).toBe(theirs.photo?.at(-1)?.file_id);
  });

  it("refuses a missing photo, a bad file_id, a document's file_id and a long caption", async () => {
    await expect(env.api.raw.sendPhoto({ chat_id: env.user.id } as never)).rejects.toMatchObject(
      refusal("there is no photo in the request"),
    );
    await expect(env.api.sendPhoto(env.user.id, "nonsense")).rejects.toMatchObject(
      refusal("wrong file identifier/HTTP URL specified"),
    );
    const doc = await env.api.sendDocument(env.user.id, new InputFile(BYTES, "notes.txt"));
    await expect(env.api.sendPhoto(env.user.id, doc.document?.file_id ?? "")).rejects.toMatchObject(
      refusal("can't use file of type Document as Photo"),
    );
    await expect(
      env.api.sendPhoto(env.user.id, new InputFile(BYTES), { caption: "x".repeat(1025) }),
    ).rejects.toMatchObject(refusal("message caption is too long"));
    await expect(
      env.api.sendPhoto(env.user.id, new InputFile(BYTES), { caption: "x".repeat(1024) }),
    ).resolves.toBeDefined();
  });
});

describe("sendDocument", () => {
  it("keeps the file name, derives the MIME type, and reads a plain FormData upload", async () => {
    const sent = await env.api.sendDocument(env.user.id, new InputFile(BYTES, "report.pdf"), {
      caption: "the report",
    });
    expect(sent.document).toMatchObject({
      file_name: "report.pdf",
      mime_type: "application/pdf",
      file_size: BYTES.length,
    });
    expect(sent.document?.file_id).toMatch(/^BQAC/);

    const form = new FormData();
    form.set("chat_id", String(env.user.id));
    form.set("document", new Blob([BYTES], { type: "text/csv" }), "table.csv");
    const response = await fetch(`${env.emu.url}/bot${env.emu.defaultToken}/sendDocument`, {
      method: "POST",
      body: form,
    });
    const body = (await response.json()) as { ok: boolean; result: { document: object } };
    expect(body.ok).toBe(true);
    expect(body.result.document).toMatchObject({ file_name: "table.csv", mime_type: "text/csv" });
    await expect(env.api.raw.sendDocument({ chat_id: env.user.id } as never)).rejects.toMatchObject(
      refusal("there is no document in the request"),
    );
  });
});
