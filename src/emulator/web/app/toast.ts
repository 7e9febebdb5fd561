// Short notices over the chat, as Telegram shows a bot's answerCallbackQuery text.
import { byId, el } from "./dom.js";

const SHOW_MS = 2_500;
const ALERT_MS = 6_000;

export function showToast(text: string, alert = false): void {
  const toast = el("div", { class: alert ? "toast alert" : "toast", text });
  toast.setAttribute("role", alert ? "alert" : "status");
  byId("toasts", HTMLDivElement).append(toast);
  toast.addEventListener("click", () => toast.remove());
  setTimeout(() => toast.remove(), alert ? ALERT_MS : SHOW_MS);
}
