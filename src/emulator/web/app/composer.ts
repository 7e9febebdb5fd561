// The message field at the bottom: Enter sends, Shift+Enter is a new line (and Enter while an
// input method is composing, as Korean typing does, only commits the syllable). It carries the
// message being replied to and an optional (placeholder) photo, whose caption the text becomes.
import type { Message } from "grammy/types";
import { byId } from "./dom.js";
import { displayName, preview } from "./names.js";

export interface Draft {
  text: string;
  photo: boolean;
  replyTo?: Message;
}

export class Composer {
  private readonly form = byId("composer", HTMLFormElement);
  private readonly field = byId("composer-text", HTMLTextAreaElement);
  private readonly photoButton = byId("composer-photo", HTMLButtonElement);
  private readonly replyBar = byId("reply-bar", HTMLDivElement);
  private replyTo: Message | undefined;
  private photo = false;
  private sending = false;

  /** `onSend` resolves false when sending failed, and the draft is kept for another try. */
  constructor(private readonly onSend: (draft: Draft) => Promise<boolean>) {
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.submit();
    });
    this.field.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
      event.preventDefault();
      void this.submit();
    });
    this.photoButton.addEventListener("click", () => this.setPhoto(!this.photo));
    byId("reply-cancel", HTMLButtonElement).addEventListener("click", () => this.setReply());
  }

  setReply(message?: Message): void {
    this.replyTo = message;
    this.replyBar.hidden = message === undefined;
    if (message !== undefined) {
      byId("reply-name", HTMLDivElement).textContent = `Reply to ${displayName(message.from)}`;
      byId("reply-text", HTMLDivElement).textContent = preview(message);
      this.field.focus();
    }
  }

  /** Clears the draft's reply and photo, as switching chats or users should. */
  reset(): void {
    this.setReply();
    this.setPhoto(false);
  }

  focus(): void {
    this.field.focus();
  }

  private setPhoto(on: boolean): void {
    this.photo = on;
    this.photoButton.classList.toggle("active", on);
    this.photoButton.setAttribute("aria-pressed", String(on));
    this.field.placeholder = on ? "Add a caption…" : "Message";
  }

  private async submit(): Promise<void> {
    const text = this.field.value.trim();
    if (this.sending || (text === "" && !this.photo)) return;
    this.sending = true;
    try {
      const sent = await this.onSend({
        text,
        photo: this.photo,
        ...(this.replyTo === undefined ? {} : { replyTo: this.replyTo }),
      });
      if (sent) {
        this.field.value = "";
        this.reset();
      }
    } finally {
      this.sending = false;
      this.field.focus();
    }
  }
}
