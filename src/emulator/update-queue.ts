// One bot's pending updates, as Telegram keeps them: increasing update_ids, confirmation by offset,
// filtering by allowed_updates at the time an update is created, and a 24-hour lifetime.
import type { Update } from "grammy/types";

/** What Telegram leaves out unless a bot asks for it by name. */
export const DEFAULT_EXCLUDED_UPDATES = [
  "chat_member",
  "message_reaction",
  "message_reaction_count",
];

const MAX_AGE_MS = 24 * 60 * 60 * 1000;

interface Queued {
  update: Update;
  /** When it was queued, in milliseconds. */
  at: number;
}

/** The kind of an update: its one field besides update_id ("message", "edited_message", ...). */
export function updateKind(update: Record<string, unknown>): string {
  return Object.keys(update).find((key) => key !== "update_id") ?? "";
}

export class UpdateQueue {
  private items: Queued[] = [];
  private next: number;
  private allowed: string[] | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly now: () => number,
    firstUpdateId: number,
  ) {
    this.next = firstUpdateId;
  }

  get nextUpdateId(): number {
    return this.next;
  }

  /** The explicit allowed_updates list, or undefined for Telegram's default. */
  get allowedUpdates(): string[] | undefined {
    return this.allowed;
  }

  /** An empty list restores the default, as in Telegram. */
  setAllowedUpdates(kinds: string[]): void {
    this.allowed = kinds.length === 0 ? undefined : [...new Set(kinds)];
  }

  accepts(kind: string): boolean {
    return this.allowed === undefined
      ? !DEFAULT_EXCLUDED_UPDATES.includes(kind)
      : this.allowed.includes(kind);
  }

  /** Queues an update (assigning update_id when missing); undefined when allowed_updates drops it. */
  push(update: Record<string, unknown>): Update | undefined {
    if (!this.accepts(updateKind(update))) return undefined;
    const given = update.update_id;
    const id = typeof given === "number" && Number.isInteger(given) ? given : this.next;
    this.next = Math.max(this.next, id + 1);
    // update_id first, as Telegram writes it.
    const stored = { update_id: id, ...update } as unknown as Update;
    stored.update_id = id;
    this.items.push({ update: stored, at: this.now() });
    for (const listener of [...this.listeners]) listener();
    return stored;
  }

  /**
   * getUpdates' offset: a positive offset forgets every update with a smaller id; a negative one
   * keeps only the last |offset| updates; 0 confirms nothing.
   */
  confirm(offset: number): void {
    if (offset > 0) this.items = this.items.filter((item) => item.update.update_id >= offset);
    else if (offset < 0) this.items = this.items.slice(offset);
  }

  /** The oldest `limit` updates, without confirming them. */
  peek(limit: number): Update[] {
    this.expire();
    return this.items.slice(0, limit).map((item) => item.update);
  }

  get size(): number {
    this.expire();
    return this.items.length;
  }

  clear(): void {
    this.items = [];
  }

  /** Forgets one update: a webhook confirms updates one by one, not by offset. */
  remove(updateId: number): void {
    this.items = this.items.filter((item) => item.update.update_id !== updateId);
  }

  /** Calls `listener` after each queued update; returns the unsubscribe function. */
  onPush(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private expire(): void {
    const oldest = this.now() - MAX_AGE_MS;
    if (this.items.some((item) => item.at < oldest)) {
      this.items = this.items.filter((item) => item.at >= oldest);
    }
  }
}
