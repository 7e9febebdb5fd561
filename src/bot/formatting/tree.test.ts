// tree: entities as properly nested spans, and back to the same entities.
import { describe, expect, it } from "vitest";
import {
  comparable,
  randomMessage,
  telegramStores,
} from "../../../test/support/telegram-formatting.js";
import { buildTree, plainText, treeEntities } from "./tree.js";

describe("buildTree", () => {
  it("nests spans and cuts a crossing one in two", () => {
    const bold = { type: "bold", offset: 0, length: 7 } as const;
    const italic = { type: "italic", offset: 4, length: 7 } as const;
    expect(buildTree({ text: "one two three", entities: [italic, bold] })).toEqual([
      { entity: bold, children: ["one ", { entity: italic, children: ["two"] }] },
      { entity: italic, children: [" thr"] },
      "ee",
    ]);
  });

  it("puts the outer span first when two cover the same text, as Telegram orders them", () => {
    const bold = { type: "bold", offset: 0, length: 4 } as const;
    const link = { type: "text_link", offset: 0, length: 4, url: "https://e.com/" } as const;
    const quote = { type: "blockquote", offset: 0, length: 4 } as const;
    expect(buildTree({ text: "word", entities: [bold, link, quote] })).toEqual([
      {
        entity: quote,
        children: [{ entity: link, children: [{ entity: bold, children: ["word"] }] }],
      },
    ]);
  });

  it("leaves out entities of unknown types and empty ones, and clamps those past the end", () => {
    const nodes = buildTree({
      text: "abc",
      entities: [
        { type: "bold", offset: 1, length: 0 },
        { type: "future_kind" as "bold", offset: 0, length: 3 },
        { type: "italic", offset: 2, length: 10 },
      ],
    });
    expect(nodes).toEqual([
      "ab",
      { entity: { type: "italic", offset: 2, length: 10 }, children: ["c"] },
    ]);
  });
});

describe("treeEntities", () => {
  it("gives back what Telegram stores, for 300 random messages", () => {
    let tried = 0;
    for (let seed = 5000; tried < 300; seed++) {
      const message = randomMessage(seed);
      if (message === undefined) continue;
      tried++;
      const nodes = buildTree(message);
      expect(plainText(nodes)).toBe(message.text);
      const again = telegramStores(message.text, treeEntities(nodes));
      expect({ seed, entities: comparable(again.entities) }).toEqual({
        seed,
        entities: comparable(message.entities),
      });
    }
  });
});
