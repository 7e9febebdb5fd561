// One message as a Telegram-like bubble: sender (in groups), the quoted reply, a photo
// placeholder or sticker, the formatted text or caption, the "edited" mark and time, and its
// inline keyboard underneath. Own messages sit on the right.
import type { Message } from "grammy/types";
import { el } from "./dom.js";
import { icon } from "./icons.js";
import { renderKeyboard } from "./keyboard.js";
import { colorClass, displayName, preview, timeOf } from "./names.js";
import { renderRichText } from "./rich-text.js";

export interface BubbleContext {
  meId: number;
  group: boolean;
  onReply(message: Message): void;
  onPress(message: Message, data: string, button: HTMLButtonElement): void;
  onQuoteClick(messageId: number): void;
}

function quote(reply: NonNullable<Message["reply_to_message"]>, ctx: BubbleContext) {
  const from = reply.from;
  const node = el(
    "div",
    { class: `quote ${colorClass(from?.id ?? 0)}`, title: "Go to the message" },
    el("div", { class: "quote-name", text: displayName(from) }),
    el("div", { class: "quote-text", text: preview(reply) }),
  );
  node.addEventListener("click", () => ctx.onQuoteClick(reply.message_id));
  return node;
}

function media(message: Message): HTMLElement | undefined {
  if (message.photo !== undefined) {
    const biggest = message.photo.at(-1);
    const size = biggest === undefined ? "" : `${biggest.width}×${biggest.height}`;
    return el(
      "div",
      { class: "photo", attrs: { role: "img", "aria-label": "Photo" } },
      icon("photo", "photo-icon"),
      el("span", { class: "photo-size", text: `Photo ${size}`.trim() }),
    );
  }
  if (message.sticker !== undefined) {
    return el("div", {
      class: "sticker",
      text: message.sticker.emoji ?? "Sticker",
      title: "Sticker",
    });
  }
  return undefined;
}

function meta(message: Message): HTMLElement {
  return el(
    "span",
    { class: "meta" },
    message.edit_date !== undefined && el("span", { class: "edited", text: "edited" }),
    el("span", { class: "time", text: timeOf(message) }),
  );
}

function service(message: Message): HTMLElement {
  return el(
    "div",
    { class: "service", attrs: { id: `m-${message.message_id}` } },
    el("span", { text: `${displayName(message.from)} ${preview(message)}` }),
  );
}

export function renderMessage(message: Message, ctx: BubbleContext): HTMLElement {
  const body = message.text ?? message.caption;
  const picture = media(message);
  if (body === undefined && picture === undefined) return service(message);

  const own = message.from?.id === ctx.meId;
  const bubble = el("div", { class: picture !== undefined && !body ? "bubble media" : "bubble" });
  if (!own && ctx.group && message.from !== undefined) {
    const sender = message.from;
    bubble.append(
      el("div", { class: `sender ${colorClass(sender.id)}`, text: displayName(sender) }),
    );
  }
  if (message.reply_to_message !== undefined) bubble.append(quote(message.reply_to_message, ctx));
  if (picture !== undefined) bubble.append(picture);
  const entities = message.text === undefined ? message.caption_entities : message.entities;
  const text = el(
    "div",
    { class: "text" },
    ...(body ? renderRichText(body, entities, `${message.chat.id}:${message.message_id}`) : []),
  );
  text.append(meta(message));
  bubble.append(text);

  const reply = el("button", { class: "reply-button", title: "Reply" }, icon("reply"));
  reply.type = "button";
  reply.setAttribute("aria-label", "Reply");
  reply.addEventListener("click", () => ctx.onReply(message));

  const keyboard = renderKeyboard(message.reply_markup, (data, button) =>
    ctx.onPress(message, data, button),
  );
  return el(
    "div",
    {
      class: own ? "message out" : "message in",
      attrs: { id: `m-${message.message_id}`, "data-message-id": String(message.message_id) },
    },
    el("div", { class: "bubble-row" }, el("div", { class: "stack" }, bubble, keyboard), reply),
  );
}
