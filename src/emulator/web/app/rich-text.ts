// Telegram formatting as DOM nodes: the span tree from segments.ts, one element per entity.
import type { MessageEntity } from "grammy/types";
import { el } from "./dom.js";
import { segment, type Span } from "./segments.js";

const SAFE_SCHEMES = new Set(["http:", "https:", "mailto:", "tel:", "tg:"]);
/** Spoilers the reader opened; the chat is re-rendered on every change and must not close them. */
const revealed = new Set<string>();

/** A link target, or undefined for schemes a page must not follow (javascript:, data:...). */
export function safeHref(raw: string): string | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `http://${raw}`;
  try {
    const url = new URL(withScheme);
    return SAFE_SCHEMES.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function link(href: string | undefined, children: Node[]): HTMLElement {
  if (href === undefined) return el("span", { class: "entity-link" }, ...children);
  const anchor = el("a", { attrs: { href, target: "_blank", rel: "noopener noreferrer" } });
  anchor.append(...children);
  return anchor;
}

function spoiler(children: Node[], key: string): HTMLElement {
  if (revealed.has(key)) return el("span", { class: "spoiler revealed" }, ...children);
  const node = el("span", { class: "spoiler", title: "spoiler: click to reveal" }, ...children);
  node.addEventListener(
    "click",
    () => {
      revealed.add(key);
      node.classList.add("revealed");
    },
    { once: true },
  );
  return node;
}

function wrap(entity: MessageEntity, children: Node[], text: string, key: string): Node {
  switch (entity.type) {
    case "bold":
      return el("strong", {}, ...children);
    case "italic":
      return el("em", {}, ...children);
    case "underline":
      return el("u", {}, ...children);
    case "strikethrough":
      return el("s", {}, ...children);
    case "spoiler":
      return spoiler(children, `${key}:${entity.offset}`);
    case "code":
      return el("code", {}, ...children);
    case "pre": {
      const code = el("code", {}, ...children);
      if (entity.language !== undefined) code.dataset.language = entity.language;
      return el("pre", {}, code);
    }
    case "blockquote":
    case "expandable_blockquote":
      return el("blockquote", {}, ...children);
    case "text_link":
      return link(safeHref(entity.url), children);
    case "url":
      return link(safeHref(text), children);
    case "email":
      return link(`mailto:${text}`, children);
    case "phone_number":
      return link(`tel:${text.replace(/[^\d+]/g, "")}`, children);
    case "mention":
    case "text_mention":
    case "hashtag":
    case "cashtag":
    case "bot_command":
      return el("span", { class: `entity-${entity.type}` }, ...children);
    default:
      return el("span", {}, ...children);
  }
}

function build(spans: Span[], text: string, key: string): Node[] {
  return spans.map((span) => {
    if ("text" in span) return document.createTextNode(span.text);
    const inner = text.slice(span.entity.offset, span.entity.offset + span.entity.length);
    return wrap(span.entity, build(span.children, text, key), inner, key);
  });
}

/** `key` names the message, so a spoiler opened in it stays open when the chat is redrawn. */
export function renderRichText(
  text: string,
  entities: readonly MessageEntity[] | undefined,
  key: string,
): Node[] {
  return build(segment(text, entities), text, key);
}
