// The left column: who you are (any emulated user) and that user's chats, newest activity first,
// each with its last message.
import type { Message, User } from "grammy/types";
import type { ChatListEntry } from "../../chat-types.js";
import { byId, el } from "./dom.js";
import { colorClass, displayName, initials, preview, timeOf } from "./names.js";

/** A chat in the list (its title is the bot's name for a private chat) and its last message. */
export interface ChatEntry {
  chat: ChatListEntry;
  last?: Message;
}

export function avatar(id: number, name: string, extra = ""): HTMLElement {
  return el("div", { class: `avatar ${colorClass(id)} ${extra}`.trim(), text: initials(name) });
}

export function renderUserSwitch(users: User[], meId: number | undefined): void {
  const select = byId("who", HTMLSelectElement);
  select.replaceChildren(
    ...users.map((user) => {
      const label = user.language_code ? `${displayName(user)} (${user.language_code})` : "";
      const option = el("option", { text: label || displayName(user) });
      option.value = String(user.id);
      option.selected = user.id === meId;
      return option;
    }),
  );
}

function lastLine(entry: ChatEntry, meId: number): string {
  const last = entry.last;
  if (last === undefined)
    return entry.chat.type === "private" ? "Say hello to the bot" : "No messages yet";
  const who = last.from?.id === meId ? "You" : displayName(last.from);
  return entry.chat.type === "private" && who !== "You"
    ? preview(last)
    : `${who}: ${preview(last)}`;
}

export function renderChatList(
  entries: ChatEntry[],
  activeId: number | undefined,
  meId: number,
  onSelect: (chatId: number) => void,
): void {
  const items = entries.map((entry) => {
    const row = el(
      "button",
      { class: entry.chat.id === activeId ? "chat-row active" : "chat-row" },
      avatar(entry.chat.id, entry.chat.title),
      el(
        "div",
        { class: "chat-row-body" },
        el(
          "div",
          { class: "chat-row-top" },
          el("span", { class: "chat-row-title", text: entry.chat.title }),
          entry.last && el("span", { class: "chat-row-time", text: timeOf(entry.last) }),
        ),
        el("div", { class: "chat-row-preview", text: lastLine(entry, meId) }),
      ),
    );
    row.type = "button";
    row.dataset.chatId = String(entry.chat.id);
    row.addEventListener("click", () => onSelect(entry.chat.id));
    return el("li", {}, row);
  });
  byId("chats", HTMLUListElement).replaceChildren(...items);
}
