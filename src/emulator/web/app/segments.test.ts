import type { MessageEntity } from "grammy/types";
import { describe, expect, it } from "vitest";
import { segment, type Span } from "./segments.js";

/** The tree as a compact string: <type>…</type> around children, text as is. */
function show(spans: Span[]): string {
  return spans
    .map((span) =>
      "text" in span
        ? span.text
        : `<${span.entity.type}>${show(span.children)}</${span.entity.type}>`,
    )
    .join("");
}

const e = (type: string, offset: number, length: number) =>
  ({ type, offset, length }) as MessageEntity;

describe("segment", () => {
  it("keeps plain text as one span", () => {
    expect(segment("hello")).toEqual([{ text: "hello" }]);
    expect(segment("")).toEqual([]);
  });

  it("wraps entities and the text between them", () => {
    const text = "echo: 안녕하세요";
    expect(show(segment(text, [e("bold", 0, 5), e("italic", 6, 5)]))).toBe(
      "<bold>echo:</bold> <italic>안녕하세요</italic>",
    );
  });

  it("nests entities, the wider one outside, whatever order they come in", () => {
    const text = "bold and italic";
    expect(show(segment(text, [e("italic", 9, 6), e("bold", 0, 15)]))).toBe(
      "<bold>bold and <italic>italic</italic></bold>",
    );
  });

  it("counts offsets in UTF-16 code units (emoji take two)", () => {
    const text = "👋 hi there";
    expect(show(segment(text, [e("bold", 3, 2)]))).toBe("👋 <bold>hi</bold> there");
  });

  it("splits entities that overlap without nesting, so no character is lost", () => {
    const text = "abcdef";
    const tree = segment(text, [e("bold", 0, 4), e("italic", 2, 4)]);
    expect(show(tree)).toBe("<bold>ab<italic>cd</italic></bold><italic>ef</italic>");
  });

  it("keeps the entity's own fields (a link's url, a pre's language)", () => {
    const link = { type: "text_link", offset: 0, length: 4, url: "https://t.me" } as const;
    const [span] = segment("site", [link]);
    expect(span).toEqual({ entity: link, children: [{ text: "site" }] });
  });

  it("clamps entities that run past the text and drops empty ones", () => {
    expect(show(segment("abc", [e("bold", 1, 10), e("italic", 2, 0)]))).toBe("a<bold>bc</bold>");
  });

  it("handles a blockquote holding formatted lines", () => {
    const text = "quote\nline two";
    const tree = segment(text, [e("blockquote", 0, 14), e("bold", 0, 5), e("code", 6, 4)]);
    expect(show(tree)).toBe("<blockquote><bold>quote</bold>\n<code>line</code> two</blockquote>");
  });
});
