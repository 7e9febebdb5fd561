// toOutgoing: HTML only when there is formatting and it passes the check, plain text otherwise.
import { describe, expect, it } from "vitest";
import { toOutgoing } from "./outgoing.js";
import { telegramReads } from "../../../test/support/telegram-formatting.js";
import { buildTree } from "./tree.js";

describe("toOutgoing", () => {
  it("sends formatting as HTML that Telegram reads back", () => {
    const nodes = buildTree({ text: "a <b>", entities: [{ type: "bold", offset: 0, length: 1 }] });
    const out = toOutgoing(nodes);
    expect(out).toEqual({ text: "<b>a</b> &lt;b&gt;", parse_mode: "HTML" });
    expect(telegramReads(out).text).toBe("a <b>");
  });

  it("sends text without formatting as it is, without parse_mode", () => {
    expect(toOutgoing(buildTree({ text: "1 < 2 & 3 > 2" }))).toEqual({ text: "1 < 2 & 3 > 2" });
  });

  it("sends plain text when the HTML would fail the check (a link inside a custom emoji)", () => {
    const nodes = buildTree({
      text: "ab",
      entities: [
        { type: "custom_emoji", offset: 0, length: 2, custom_emoji_id: "5368324170671202286" },
        { type: "text_link", offset: 1, length: 1, url: "https://example.com/" },
      ],
    });
    expect(toOutgoing(nodes)).toEqual({ text: "ab" });
  });

  it("sends plain text when the text is over the limit", () => {
    const nodes = buildTree({ text: "abcdef", entities: [{ type: "bold", offset: 0, length: 3 }] });
    expect(toOutgoing(nodes, 5)).toEqual({ text: "abcdef" });
    expect(toOutgoing(nodes, 6)).toEqual({ text: "<b>abc</b>def", parse_mode: "HTML" });
  });
});
