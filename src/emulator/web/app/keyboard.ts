// A message's inline keyboard: rows of buttons under the bubble. Callback buttons go through the
// control API (the bot gets a callback_query) and stay "pending" until the bot answers; URL
// buttons open their link; kinds the emulator cannot play are shown but disabled.
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import { el } from "./dom.js";
import { safeHref } from "./rich-text.js";

export type PressHandler = (data: string, button: HTMLButtonElement) => void;

function renderButton(spec: InlineKeyboardButton, onPress: PressHandler): HTMLButtonElement {
  const button = el("button", { class: "inline-button", text: spec.text });
  button.type = "button";
  if ("callback_data" in spec) {
    button.addEventListener("click", () => onPress(spec.callback_data, button));
  } else if ("url" in spec) {
    const href = safeHref(spec.url);
    button.classList.add("url");
    button.title = spec.url;
    button.disabled = href === undefined;
    button.addEventListener("click", () => {
      if (href !== undefined) window.open(href, "_blank", "noopener,noreferrer");
    });
  } else {
    button.disabled = true;
    button.title = "not supported by the local emulator";
  }
  return button;
}

export function renderKeyboard(markup: unknown, onPress: PressHandler): HTMLElement | undefined {
  const rows = (markup as Partial<InlineKeyboardMarkup> | undefined)?.inline_keyboard;
  if (!Array.isArray(rows) || rows.length === 0) return undefined;
  return el(
    "div",
    { class: "inline-keyboard" },
    ...rows.map((row) =>
      el("div", { class: "inline-row" }, ...row.map((spec) => renderButton(spec, onPress))),
    ),
  );
}
