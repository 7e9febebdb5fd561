// Telegram's limits on sending, kept on the bot's side: per chat about one message a second after a
// burst of 3, per group 20 a minute, and 30 a second for the whole bot. The calls of one chat take
// turns in the order they asked (so replies arrive in order and none is refused); each turn then
// waits until every limit lets one send go.
//
// Counted so that Telegram never sees a limit broken, whatever the network does: a send holds its
// place in the windows from the moment it leaves until its answer is back, and is counted as made
// when the answer arrives. Telegram counts it somewhere in between, so its windows are never fuller
// than these (the emulator counts the same way, and its tests check it).
//
// Waits end early when a signal aborts (shutdown, or the webhook core's budget in "abort" mode) and
// fail at once when they could only end after the deadline: with SendDeferredError, which the
// runtime answers by handing the update back to Telegram for a later delivery.

export type ChatKey = number | string;

export interface RateLimits {
  /** Per chat: this many sends at once, then one per chatIntervalMs (a token bucket). */
  chatBurst: number;
  chatIntervalMs: number;
  /** Per group, supergroup or channel: at most groupMax sends within any groupWindowMs. */
  groupMax: number;
  groupWindowMs: number;
  /** The whole bot: at most globalMax sends within any globalWindowMs. */
  globalMax: number;
  globalWindowMs: number;
  /** Added to every window and interval: clocks tick in whole milliseconds. */
  marginMs: number;
}

export const TELEGRAM_LIMITS: RateLimits = {
  chatBurst: 3,
  chatIntervalMs: 1000,
  groupMax: 20,
  groupWindowMs: 60_000,
  globalMax: 30,
  globalWindowMs: 1000,
  marginMs: 5,
};

/**
 * The same limits with every window multiplied by scale (tests run minutes of limits in seconds);
 * the margin stays as it is.
 */
export function scaleLimits(limits: RateLimits, scale: number): RateLimits {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError("timeScale: expected > 0");
  return {
    ...limits,
    chatIntervalMs: limits.chatIntervalMs * scale,
    groupWindowMs: limits.groupWindowMs * scale,
    globalWindowMs: limits.globalWindowMs * scale,
  };
}

/** Who a send goes to: a chat (negative ids and @usernames are groups and channels), or no chat. */
export interface SendTarget {
  chat: ChatKey | undefined;
  group: boolean;
}

/** How long a wait may last: until a signal aborts, and never past the deadline. */
export interface WaitBounds {
  signals: readonly AbortSignal[];
  /** Epoch milliseconds. */
  deadline?: number | undefined;
}

/**
 * A Bot API call was not made because it could only go later than it was allowed to: after the
 * update's deadline, or after its wait was cut short. Nothing was sent; hand the update back.
 */
export class SendDeferredError extends Error {
  override name = "SendDeferredError";
  readonly reason: "aborted" | "deadline";
  /** How much longer the call would have had to wait, when known. */
  readonly waitMs: number | undefined;

  constructor(options: {
    reason: "aborted" | "deadline";
    message: string;
    waitMs?: number;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.reason = options.reason;
    this.waitMs = options.waitMs;
  }
}

interface ChatState {
  group: boolean;
  /** The token bucket as a theoretical arrival time (GCRA): full once it is in the past. */
  tat: number;
  /** Telegram's 429: nothing goes to this chat before then. */
  notBefore: number;
  /** Groups: answer times within the group window, oldest first. */
  sends: number[];
  /** A turn is held; the others wait in `queue`, in order. */
  busy: boolean;
  queue: (() => void)[];
}

interface SlotWaiter {
  chat: ChatState | undefined;
  deadline: number | undefined;
  grant(): void;
  fail(error: Error): void;
}

/** One call's turn in its chat (see RateLimiter.turn). */
export interface Turn {
  /** Waits until every limit lets one send go; it is then in flight until sent(). */
  slot(bounds: WaitBounds): Promise<void>;
  /** The send's answer is back (or it failed): it counts as made now. */
  sent(): void;
  /** Telegram answered 429: this chat (or, for several chats at once, the bot) waits until then. */
  refused(until: number): void;
  /** The chat's next call may go. */
  end(): void;
}

const deferred = (reason: "aborted" | "deadline", what: string, waitMs?: number) =>
  new SendDeferredError({
    reason,
    message:
      reason === "aborted"
        ? `${what}: the wait was cut short`
        : `${what}: could only go after the deadline`,
    ...(waitMs === undefined ? {} : { waitMs }),
  });

/**
 * Waits until enter's `done` is called, a signal aborts, or the deadline passes. enter registers
 * the waiter and returns how to take it back; it may also fail the wait.
 */
function boundedWait(
  bounds: WaitBounds,
  what: string,
  enter: (done: () => void, fail: (error: Error) => void) => () => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let listening = false;
    let leave: (() => void) | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => settle(deferred("aborted", what));
    function settle(error?: Error): void {
      if (settled) return;
      settled = true;
      if (listening) {
        clearTimeout(timer);
        for (const signal of bounds.signals) signal.removeEventListener("abort", onAbort);
      }
      if (error === undefined) return resolve();
      leave?.();
      reject(error);
    }
    if (bounds.signals.some((signal) => signal.aborted)) return onAbort();
    const { deadline } = bounds;
    if (deadline !== undefined && deadline <= Date.now()) return settle(deferred("deadline", what));
    leave = enter(
      () => settle(),
      (error) => settle(error),
    );
    // Most waits end at once (a free slot): then there is nothing to listen for, and a late
    // `leave` must do nothing. Nothing can abort a signal while enter runs (it calls no one).
    if (settled) {
      leave = undefined;
      return;
    }
    listening = true;
    for (const signal of bounds.signals) signal.addEventListener("abort", onAbort, { once: true });
    if (deadline !== undefined) {
      timer = setTimeout(() => settle(deferred("deadline", what)), deadline - Date.now());
    }
  });
}

/** Drops times at or before `since` from the front of an ascending list. */
function trim(times: number[], since: number): void {
  let drop = 0;
  while (drop < times.length && (times[drop] ?? Infinity) <= since) drop++;
  if (drop > 0) times.splice(0, drop);
}

/**
 * When a window that holds at most `max` sends has room for one more: now, later (when its oldest
 * sends leave it), or Infinity (only once a send in flight is answered).
 */
function windowOpensAt(
  times: number[],
  inFlight: number,
  max: number,
  windowMs: number,
  now: number,
): number {
  const used = inFlight + times.length;
  if (used < max) return now;
  const leaving = used - max;
  const oldest = times[leaving];
  return oldest === undefined ? Infinity : oldest + windowMs;
}

export class RateLimiter {
  readonly limits: RateLimits;
  private readonly chats = new Map<ChatKey, ChatState>();
  /** The bot's answer times within the global window, oldest first. */
  private readonly sends: number[] = [];
  private inFlight = 0;
  private notBefore = 0;
  private lastRefusal: { chat: ChatKey | undefined; at: number } | undefined;
  private waiting: SlotWaiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;
  private sweptAt = 0;

  constructor(limits: RateLimits = TELEGRAM_LIMITS) {
    this.limits = limits;
  }

  /** Chats with state kept (for tests): idle ones are forgotten once their windows are empty. */
  get trackedChats(): number {
    return this.chats.size;
  }

  /**
   * Waits for the call's turn in its chat: one call per chat at a time, in the order they asked.
   * A target without a chat (an inline message) takes its turn at once.
   */
  async turn(target: SendTarget, bounds: WaitBounds, what = "send"): Promise<Turn> {
    const chat = target.chat === undefined ? undefined : this.chat(target.chat, target.group);
    if (chat !== undefined) {
      if (chat.busy) {
        await boundedWait(bounds, what, (done) => {
          chat.queue.push(done);
          return () => {
            const at = chat.queue.indexOf(done);
            if (at >= 0) chat.queue.splice(at, 1);
          };
        });
      } else {
        chat.busy = true;
      }
    }
    let inFlight = false;
    let ended = false;
    return {
      slot: (slotBounds) =>
        boundedWait(slotBounds, what, (done, fail) => {
          const waiter: SlotWaiter = {
            chat,
            deadline: slotBounds.deadline,
            grant: () => {
              inFlight = true;
              done();
            },
            fail,
          };
          this.waiting.push(waiter);
          this.pump();
          return () => {
            this.waiting = this.waiting.filter((other) => other !== waiter);
            this.pump();
          };
        }),
      sent: () => {
        if (!inFlight) return;
        inFlight = false;
        this.answered(chat, Date.now());
      },
      refused: (until) => this.refused(target.chat, chat, until),
      end: () => {
        if (ended) return;
        ended = true;
        if (inFlight) {
          inFlight = false;
          this.answered(chat, Date.now());
        }
        if (chat === undefined) return;
        const next = chat.queue.shift();
        if (next === undefined) chat.busy = false;
        else next();
      },
    };
  }

  private chat(key: ChatKey, group: boolean): ChatState {
    this.sweep(Date.now());
    let chat = this.chats.get(key);
    if (chat === undefined) {
      chat = { group, tat: 0, notBefore: 0, sends: [], busy: false, queue: [] };
      this.chats.set(key, chat);
    }
    return chat;
  }

  private answered(chat: ChatState | undefined, at: number): void {
    this.inFlight--;
    this.sends.push(at);
    if (chat !== undefined) {
      chat.tat = Math.max(chat.tat, at) + this.limits.chatIntervalMs;
      if (chat.group) chat.sends.push(at);
    }
    this.pump();
  }

  private refused(key: ChatKey | undefined, chat: ChatState | undefined, until: number): void {
    const now = Date.now();
    // A 429 without a chat, or a second chat refused within the bot's window, is about the bot's
    // overall rate: everything waits. Otherwise only this chat does.
    const last = this.lastRefusal;
    const global =
      chat === undefined ||
      (last !== undefined && last.chat !== key && now - last.at <= this.limits.globalWindowMs);
    this.lastRefusal = { chat: key, at: now };
    if (chat !== undefined) chat.notBefore = Math.max(chat.notBefore, until);
    if (global) this.notBefore = Math.max(this.notBefore, until);
    this.pump();
  }

  /** When a send to `chat` may go, given everything sent and in flight (Infinity: on an answer). */
  private opensAt(chat: ChatState | undefined, now: number): number {
    const { limits } = this;
    const margin = limits.marginMs;
    let at = Math.max(now, this.notBefore);
    at = Math.max(
      at,
      windowOpensAt(
        this.sends,
        this.inFlight,
        limits.globalMax,
        limits.globalWindowMs + margin,
        now,
      ),
    );
    if (chat !== undefined) {
      at = Math.max(at, chat.notBefore);
      // The bucket holds a token once tat is no more than (burst - 1) intervals ahead.
      at = Math.max(at, chat.tat - (limits.chatBurst - 1) * limits.chatIntervalMs + margin);
      if (chat.group) {
        at = Math.max(
          at,
          windowOpensAt(chat.sends, 0, limits.groupMax, limits.groupWindowMs + margin, now),
        );
      }
    }
    return at;
  }

  /** Lets every waiter go that may, oldest first; fails those that could only go too late. */
  private pump(): void {
    const now = Date.now();
    const { limits } = this;
    trim(this.sends, now - limits.globalWindowMs - limits.marginMs);
    let wake = Infinity;
    for (const waiter of [...this.waiting]) {
      const chat = waiter.chat;
      if (chat?.group) trim(chat.sends, now - limits.groupWindowMs - limits.marginMs);
      const at = this.opensAt(chat, now);
      if (at <= now) {
        this.waiting = this.waiting.filter((other) => other !== waiter);
        this.inFlight++;
        waiter.grant();
      } else if (waiter.deadline !== undefined && at > waiter.deadline) {
        this.waiting = this.waiting.filter((other) => other !== waiter);
        waiter.fail(
          deferred("deadline", "send", at === Infinity ? undefined : Math.round(at - now)),
        );
      } else {
        wake = Math.min(wake, at);
      }
    }
    this.wakeAt(wake);
  }

  private wakeAt(at: number): void {
    if (at === this.timerAt) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = at;
    if (at === Infinity) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Infinity;
        this.pump();
      },
      Math.max(0, Math.ceil(at - Date.now())),
    );
  }

  /** Forgets idle chats (bucket full, windows empty, no one waiting), at most once a group window. */
  private sweep(now: number): void {
    const { limits } = this;
    if (now - this.sweptAt < limits.groupWindowMs) return;
    this.sweptAt = now;
    const since = now - limits.groupWindowMs - limits.marginMs;
    for (const [key, chat] of this.chats) {
      trim(chat.sends, since);
      if (!chat.busy && chat.tat <= now && chat.notBefore <= now && chat.sends.length === 0) {
        this.chats.delete(key);
      }
    }
  }
}
