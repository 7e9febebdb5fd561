// split-html: a long formatted message in pieces that each fit the limit after parsing and are
// valid on their own, spans cut at a border closed in one piece and reopened in the next.
import type { MessageEntity } from "grammy/types";
import { describe, expect, it } from "vitest";
import { toOutgoing } from "./outgoing.js";
import { sliceTree, splitTree } from "./split-html.js";
import { covered, telegramReads } from "../../../test/support/telegram-formatting.js";
import { buildTree, plainText } from "./tree.js";

describe("splitTree", () => {
  it("leaves a message within the limit whole", () => {
    const nodes = buildTree({ text: "short", entities: [{ type: "bold", offset: 0, length: 5 }] });
    expect(splitTree(nodes, 10)).toEqual([nodes]);
  });

  it("cuts between sentences and reopens the bold that runs over the cut", () => {
    const text = "One sentence here. Another one there.";
    const nodes = buildTree({ text, entities: [{ type: "bold", offset: 4, length: 20 }] });
    const pieces = splitTree(nodes, 20).map((piece) => telegramReads(toOutgoing(piece, 20)));
    expect(pieces.map(covered)).toEqual([[["bold", "sentence here."]], [["bold", "Anoth"]]]);
    expect(pieces.map((piece) => piece.text)).toEqual(["One sentence here.", "Another one there."]);
  });

  it("counts text after parsing: escaped characters and tags take no room", () => {
    const text = `${"<&> ".repeat(1000)}end`;
    const entities: MessageEntity[] = [{ type: "italic", offset: 0, length: text.length }];
    const pieces = splitTree(buildTree({ text, entities }), 4096);
    expect(pieces).toHaveLength(1);
    const out = toOutgoing(pieces[0] ?? []);
    expect(out.parse_mode).toBe("HTML");
    expect(out.text.length).toBeGreaterThan(4096 * 2);
    expect(telegramReads(out).text.length).toBe(4003);
  });

  it("splits a long formatted translation into valid messages of at most 4096", () => {
    const paragraph = "Some <bold> words & a link, then 😀 emoji. ";
    const text = paragraph.repeat(300);
    const entities: MessageEntity[] = [];
    for (let at = 0; at < text.length; at += paragraph.length) {
      entities.push({ type: "bold", offset: at + 5, length: 6 });
      entities.push({ type: "text_link", offset: at + 22, length: 4, url: "https://e.com/" });
      entities.push({ type: "italic", offset: at, length: paragraph.length + 10 });
    }
    const nodes = buildTree({ text, entities });
    const pieces = splitTree(nodes, 4096);
    expect(pieces.length).toBeGreaterThanOrEqual(Math.ceil(text.length / 4096));
    expect(pieces.map(plainText).join("")).toBe(text);
    for (const piece of pieces) {
      const out = toOutgoing(piece);
      expect(out.parse_mode).toBe("HTML");
      const read = telegramReads(out);
      expect(read.text.length).toBeLessThanOrEqual(4096);
      expect(covered(read).filter(([type]) => type === "bold")[0]).toEqual(["bold", "<bold>"]);
    }
  });
});

describe("sliceTree", () => {
  it("keeps only the spans with text in the range, cut at its borders", () => {
    const nodes = buildTree({
      text: "abc def ghi",
      entities: [
        { type: "bold", offset: 0, length: 7 },
        { type: "italic", offset: 8, length: 3 },
      ],
    });
    expect(sliceTree(nodes, 4, 9)).toEqual([
      { entity: { type: "bold", offset: 0, length: 7 }, children: ["def"] },
      " ",
      { entity: { type: "italic", offset: 8, length: 3 }, children: ["g"] },
    ]);
  });
});
