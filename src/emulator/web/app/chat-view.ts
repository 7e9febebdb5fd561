// The right column: the open chat's header (title, "bot"/"group" or "typing…") and its messages,
// kept scrolled to the newest one unless the reader has scrolled up.
import type { Message } from "grammy/types";
import { renderMessage, type BubbleContext } from "./bubble.js";
import { byId, el } from "./dom.js";
import type { ChatEntry } from "./sidebar.js";
import { avatar } from "./sidebar.js";

/** Telegram shows a chat action for five seconds or until the bot's next message. */
const ACTION_MS = 5_000;
const NEAR_BOTTOM_PX = 80;

export class ChatView {
  private readonly list = byId("messages", HTMLDivElement);
  private readonly subtitle = byId("chat-subtitle", HTMLDivElement);
  private shownChatId: number | undefined;
  private actionTimer: ReturnType<typeof setTimeout> | undefined;
  private entry: ChatEntry | undefined;

  showHeader(entry: ChatEntry | undefined): void {
    this.entry = entry;
    byId("chat", HTMLElement).classList.toggle("empty", entry === undefined);
    byId("chat-title", HTMLDivElement).textContent = entry?.chat.title ?? "";
    byId("chat-avatar", HTMLDivElement).replaceChildren(
      ...(entry === undefined ? [] : [avatar(entry.chat.id, entry.chat.title)]),
    );
    if (this.actionTimer === undefined) this.showStatus();
  }

  showMessages(chatId: number, messages: Message[], ctx: BubbleContext): void {
    const list = this.list;
    const switched = chatId !== this.shownChatId;
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < NEAR_BOTTOM_PX;
    list.replaceChildren(
      ...(messages.length === 0
        ? [el("div", { class: "service", text: "No messages here yet" })]
        : messages.map((message) => renderMessage(message, ctx))),
    );
    this.shownChatId = chatId;
    if (switched || atBottom) list.scrollTop = list.scrollHeight;
  }

  clear(): void {
    this.shownChatId = undefined;
    this.list.replaceChildren();
    this.showHeader(undefined);
  }

  /** Scrolls to a message and flashes it, as a click on a reply quote does. */
  reveal(messageId: number): void {
    const target = document.getElementById(`m-${messageId}`);
    if (target === null) return;
    target.scrollIntoView({ block: "center", behavior: "smooth" });
    target.animate(
      [{ backgroundColor: "rgba(51, 144, 236, 0.28)" }, { backgroundColor: "transparent" }],
      { duration: 1_400, easing: "ease-out" },
    );
  }

  showAction(action: string): void {
    clearTimeout(this.actionTimer);
    const words: Record<string, string> = {
      typing: "typing…",
      upload_photo: "sending a photo…",
      record_voice: "recording a voice message…",
      choose_sticker: "choosing a sticker…",
    };
    this.subtitle.textContent = words[action] ?? `${action.replace(/_/g, " ")}…`;
    this.subtitle.classList.add("action");
    this.actionTimer = setTimeout(() => this.endAction(), ACTION_MS);
  }

  endAction(): void {
    clearTimeout(this.actionTimer);
    this.actionTimer = undefined;
    this.showStatus();
  }

  private showStatus(): void {
    const chat = this.entry?.chat;
    this.subtitle.classList.remove("action");
    this.subtitle.textContent =
      chat === undefined ? "" : chat.type === "private" ? "bot" : `${chat.type}`;
  }
}
