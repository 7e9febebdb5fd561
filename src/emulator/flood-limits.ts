// Telegram's flood limits on sending, per bot: about one message per second per chat (a short
// burst tolerated), 20 per minute per group and 30 per second overall. Off unless switched on, but
// the rates are always measured, so a test can assert a bot stayed under them either way. A time
// scale shortens every window alike (0.05: the group minute lasts 3 s), so that a test can push a
// bot through many minutes' worth of limits in seconds, with the same ratios.
import type { BotState } from "./bot-state.js";
import { BotApiError } from "./errors.js";
import type { Params } from "./params.js";
import type { EmulatorState } from "./state.js";
import type { FloodLimitsView } from "./types.js";

/** The methods that put a message in a chat (or rewrite one); the limits count these only. */
const LIMITED_METHODS = new Set(
  [
    "sendMessage",
    "sendPhoto",
    "sendDocument",
    "sendVideo",
    "sendAudio",
    "sendVoice",
    "sendAnimation",
    "sendVideoNote",
    "sendSticker",
    "sendMediaGroup",
    "sendLocation",
    "sendVenue",
    "sendContact",
    "sendPoll",
    "sendDice",
    "copyMessage",
    "forwardMessage",
    "editMessageText",
    "editMessageCaption",
    "editMessageMedia",
  ].map((name) => name.toLowerCase()),
);

const SECOND = 1000;
const MINUTE = 60 * SECOND;
/** Per chat: a bucket of 3 that refills one message a second. */
const CHAT_BURST = 3;
const GROUP_PER_MINUTE = 20;
const BOT_PER_SECOND = 30;
/** What a time scale may be: windows from 1/1000 of Telegram's to 100 times theirs. */
export const MIN_TIME_SCALE = 0.001;
export const MAX_TIME_SCALE = 100;

export interface FloodTarget {
  /** undefined for an inline message or a chat the emulator does not know. */
  chatId?: number;
  group: boolean;
}

type Limit = keyof FloodLimitsView["violations_by_limit"];

interface ChatTrack {
  tokens: number;
  /** When `tokens` was last brought up to date. */
  at: number;
  /** Send times of the last minute, oldest first. */
  sends: number[];
}

const keepSince = (times: number[], since: number) => {
  while (times.length > 0 && (times[0] ?? 0) <= since) times.shift();
};
const countSince = (times: number[], since: number) => times.filter((t) => t > since).length;
// retry_after stays in real seconds, as Telegram says it: at least 1, whatever the scale.
const seconds = (ms: number) => Math.max(1, Math.ceil(ms / SECOND));

export class FloodLimiter {
  enabled: boolean;
  private chats = new Map<number, ChatTrack>();
  /** The bot's send times of the last second, oldest first. */
  private sends: number[] = [];
  private stats = FloodLimiter.emptyStats();
  private scale = 1;
  private defaultScale = 1;

  constructor(private defaultEnabled = false) {
    this.enabled = defaultEnabled;
  }

  /** The settings reset() returns to: the emulator's `floodLimits` and `floodTimeScale` options. */
  configure(enabled: boolean, timeScale = 1): void {
    this.defaultEnabled = enabled;
    this.enabled = enabled;
    this.defaultScale = checkTimeScale(timeScale);
    this.scale = this.defaultScale;
  }

  /** Multiplies every window (the chat's second, the group's minute, the bot's second). */
  set timeScale(scale: number) {
    this.scale = checkTimeScale(scale);
  }

  get timeScale(): number {
    return this.scale;
  }

  private get second(): number {
    return SECOND * this.scale;
  }

  private get minute(): number {
    return MINUTE * this.scale;
  }

  /** Throws Telegram's 429 when limits are on and this send would break one; takes nothing. */
  check(target: FloodTarget, now: number): void {
    if (!this.enabled) return;
    const waits: [Limit, number][] = [];
    keepSince(this.sends, now - this.second);
    if (this.sends.length >= BOT_PER_SECOND) {
      waits.push(["global", (this.sends[0] ?? now) + this.second - now]);
    }
    const chat = target.chatId === undefined ? undefined : this.chat(target.chatId, now);
    if (chat !== undefined && chat.tokens < 1) {
      waits.push(["chat", (1 - chat.tokens) * this.second]);
    }
    if (chat !== undefined && target.group && chat.sends.length >= GROUP_PER_MINUTE) {
      const oldest = chat.sends[chat.sends.length - GROUP_PER_MINUTE] ?? now;
      waits.push(["group", oldest + this.minute - now]);
    }
    if (waits.length === 0) return;
    this.stats.violations++;
    for (const [limit] of waits) this.stats.violations_by_limit[limit]++;
    const retryAfter = seconds(Math.max(...waits.map(([, ms]) => ms)));
    throw new BotApiError(429, `Too Many Requests: retry after ${retryAfter}`, {
      retry_after: retryAfter,
    });
  }

  /** Counts a send that went through, whether limits are on or off. */
  record(target: FloodTarget, now: number): void {
    keepSince(this.sends, now - this.second);
    this.sends.push(now);
    this.stats.max_per_second = Math.max(this.stats.max_per_second, this.sends.length);
    if (target.chatId === undefined) return;
    const chat = this.chat(target.chatId, now);
    chat.tokens = Math.max(0, chat.tokens - 1);
    chat.sends.push(now);
    const perMinute = chat.sends.length;
    const stats = this.stats;
    stats.max_per_chat_per_minute = Math.max(stats.max_per_chat_per_minute, perMinute);
    const perSecond = countSince(chat.sends, now - this.second);
    stats.max_per_chat_per_second = Math.max(stats.max_per_chat_per_second, perSecond);
    if (target.group) {
      stats.max_per_group_per_minute = Math.max(stats.max_per_group_per_minute, perMinute);
    }
  }

  view(): FloodLimitsView {
    return {
      enabled: this.enabled,
      time_scale: this.scale,
      ...this.stats,
      violations_by_limit: { ...this.stats.violations_by_limit },
    };
  }

  /** Forgets the counts and goes back to the emulator's setting. */
  reset(): void {
    this.enabled = this.defaultEnabled;
    this.scale = this.defaultScale;
    this.chats = new Map();
    this.sends = [];
    this.stats = FloodLimiter.emptyStats();
  }

  /** The chat's bucket refilled up to `now` and its sends trimmed to the last minute. */
  private chat(chatId: number, now: number): ChatTrack {
    let chat = this.chats.get(chatId);
    if (chat === undefined) {
      chat = { tokens: CHAT_BURST, at: now, sends: [] };
      this.chats.set(chatId, chat);
    }
    chat.tokens = Math.min(CHAT_BURST, chat.tokens + Math.max(0, now - chat.at) / this.second);
    chat.at = now;
    keepSince(chat.sends, now - this.minute);
    return chat;
  }

  private static emptyStats(): Omit<FloodLimitsView, "enabled" | "time_scale"> {
    return {
      violations: 0,
      violations_by_limit: { chat: 0, group: 0, global: 0 },
      max_per_chat_per_second: 0,
      max_per_chat_per_minute: 0,
      max_per_group_per_minute: 0,
      max_per_second: 0,
    };
  }
}

function checkTimeScale(scale: number): number {
  if (!Number.isFinite(scale) || scale < MIN_TIME_SCALE || scale > MAX_TIME_SCALE) {
    throw new RangeError(`time scale: expected ${MIN_TIME_SCALE} to ${MAX_TIME_SCALE}`);
  }
  return scale;
}

/** Who a call of `method` sends to, or undefined when the limits do not count this method. */
function floodTarget(
  state: EmulatorState,
  bot: BotState,
  method: string,
  params: Params,
): FloodTarget | undefined {
  if (!LIMITED_METHODS.has(method.toLowerCase())) return undefined;
  const chatId = params.integer("chat_id") ?? params.string("chat_id");
  const view = chatId === undefined ? undefined : state.chatFor(bot, chatId);
  if (view === undefined) return { group: false };
  return {
    chatId: view.chat.id,
    group: view.chat.type === "group" || view.chat.type === "supergroup",
  };
}

/**
 * Runs one Bot API call under the bot's flood limits: a send over a limit is refused with 429
 * before it runs; a send that succeeds is counted. Other methods pass straight through.
 */
export async function withFloodLimits<T>(
  state: EmulatorState,
  bot: BotState,
  method: string,
  params: Params,
  call: () => Promise<T>,
): Promise<T> {
  const target = floodTarget(state, bot, method, params);
  if (target === undefined) return call();
  bot.flood.check(target, state.now());
  const result = await call();
  bot.flood.record(target, state.now());
  return result;
}
