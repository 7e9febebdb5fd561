// parse_mode end to end: grammY's Api sends markup to the emulator, which answers and stores what
// Telegram would, or refuses with Telegram's description.
import { describe, expect, it } from "vitest";
import { useEmulator } from "../test-emulator.js";

const env = useEmulator({ user: { first_name: "Mina", username: "mina" } });

const refusal = (description: string) => ({ error_code: 400, description });

describe("sendMessage with parse_mode", () => {
  it("answers and stores the parsed text with its entities", async () => {
    const sent = await env.api.sendMessage(env.user.id, "<b>hi</b>", { parse_mode: "HTML" });
    expect(sent.text).toBe("hi");
    expect(sent.entities).toEqual([{ type: "bold", offset: 0, length: 2 }]);
    const [stored] = await env.client.sent({ chat_id: env.user.id });
    expect(stored).toMatchObject({ text: "hi", entities: sent.entities });
  });

  it("parses MarkdownV2 and legacy Markdown, offsets in UTF-16 units", async () => {
    const v2 = await env.api.sendMessage(env.user.id, "😀 *굵게* _기울임_ \\!", {
      parse_mode: "MarkdownV2",
    });
    expect(v2.text).toBe("😀 굵게 기울임 !");
    expect(v2.entities).toEqual([
      { type: "bold", offset: 3, length: 2 },
      { type: "italic", offset: 6, length: 3 },
    ]);
    const legacy = await env.api.sendMessage(env.user.id, "[site](example.com) `x`", {
      parse_mode: "Markdown",
    });
    expect(legacy.entities).toEqual([
      { type: "text_link", offset: 0, length: 4, url: "http://example.com/" },
      { type: "code", offset: 5, length: 1 },
    ]);
  });

  it("fills in a mentioned user the emulator knows", async () => {
    const sent = await env.api.sendMessage(
      env.user.id,
      `<a href="tg://user?id=${env.user.id}">you</a>`,
      {
        parse_mode: "HTML",
      },
    );
    expect(sent.entities).toEqual([
      { type: "text_mention", offset: 0, length: 3, user: { ...env.user, is_bot: false } },
    ]);
  });

  it("ignores given entities when parse_mode is set", async () => {
    const sent = await env.api.sendMessage(env.user.id, "<i>x</i> y", {
      parse_mode: "HTML",
      entities: [{ type: "bold", offset: 0, length: 1 }],
    });
    expect(sent.entities).toEqual([{ type: "italic", offset: 0, length: 1 }]);
  });

  it("refuses bad markup, and markup that leaves nothing, as Telegram does", async () => {
    await expect(
      env.api.sendMessage(env.user.id, "<foo>x</foo>", { parse_mode: "HTML" }),
    ).rejects.toMatchObject(
      refusal('Bad Request: can\'t parse entities: Unsupported start tag "foo" at byte offset 0'),
    );
    await expect(
      env.api.sendMessage(env.user.id, "Done.", { parse_mode: "MarkdownV2" }),
    ).rejects.toMatchObject(
      refusal(
        "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
      ),
    );
    await expect(
      env.api.sendMessage(env.user.id, "<b> </b>", { parse_mode: "HTML" }),
    ).rejects.toMatchObject(refusal("Bad Request: text must be non-empty"));
    await expect(
      env.api.sendMessage(env.user.id, `<b>${"x".repeat(4097)}</b>`, { parse_mode: "HTML" }),
    ).rejects.toMatchObject(refusal("Bad Request: message is too long"));
    expect(await env.client.sent({ chat_id: env.user.id })).toEqual([]);
  });
});
