// Pressing an inline callback button: POST /_control/callbacks makes the bot get a
// callback_query. Like Telegram, the button shows it is waiting until the bot answers (the
// callback_answer event) or a while has passed.
import { api, type ButtonPress } from "./api.js";
import { showToast } from "./toast.js";

const GIVE_UP_MS = 15_000;
const pending = new Set<HTMLButtonElement>();

function settle(button: HTMLButtonElement): void {
  pending.delete(button);
  button.classList.remove("pending");
  button.disabled = false;
}

export function pressButton(press: ButtonPress, button: HTMLButtonElement): void {
  button.classList.add("pending");
  button.disabled = true;
  pending.add(button);
  setTimeout(() => settle(button), GIVE_UP_MS);
  api.press(press).catch((error: unknown) => {
    settle(button);
    showToast(error instanceof Error ? error.message : String(error), true);
  });
}

/** The bot answered a callback query: buttons stop waiting (an edit re-renders them anyway). */
export function settlePresses(): void {
  for (const button of [...pending]) settle(button);
}
