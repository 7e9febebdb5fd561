// For the formatting tests only (the bot itself never imports the emulator): what Telegram makes of
// a message, through the emulator's port of tdlib's parsers, fake translators, and random messages.
import type { MessageEntity } from "grammy/types";
import { formatMessageText, type FormattedText } from "../../src/emulator/formatting/index.js";
import { ProviderError } from "../../src/errors.js";
import type { BatchRequest, TranslateRequest, TranslateResult } from "../../src/translate/types.js";
import type { OutgoingText } from "../../src/bot/formatting/outgoing.js";

const NO_LIMIT = 1_000_000;

/** What Telegram stores for a message sent as `out`; throws Telegram's refusal, like Telegram. */
export function telegramReads(out: OutgoingText): FormattedText {
  return formatMessageText({ text: out.text, parseMode: out.parse_mode, limit: NO_LIMIT });
}

/** What Telegram stores for a text sent with these entities. */
export function telegramStores(text: string, entities: readonly MessageEntity[]): FormattedText {
  return formatMessageText({ text, entities, limit: NO_LIMIT });
}

/** Entities as comparable values: a mentioned user by id only (parsing knows nothing more). */
export function comparable(entities: readonly MessageEntity[]): unknown[] {
  return entities.map((entity) =>
    entity.type === "text_mention" ? { ...entity, user: { id: entity.user.id } } : entity,
  );
}

/** The text each entity of a message covers, as [type, text] pairs. */
export function covered(message: FormattedText): [string, string][] {
  return message.entities.map((e) => [e.type, message.text.slice(e.offset, e.offset + e.length)]);
}

export interface FakeTranslator {
  name: string;
  real: boolean;
  /** Every text it was asked to translate, in order. */
  seen: string[];
  /** How many calls it got. */
  calls: number;
  translate(request: TranslateRequest): Promise<TranslateResult>;
  translateBatch?(request: BatchRequest): Promise<TranslateResult[]>;
}

/**
 * A translator that applies `change` to each text; with `batch`, it also takes several texts per
 * call. `change` may throw (a ProviderError, say) to play a failing provider.
 */
export function fakeTranslator(
  change: (text: string) => string,
  options: { batch?: boolean } = {},
): FakeTranslator {
  // Each answer is made inside a promise, so that a throwing `change` rejects as a provider does.
  const fake: FakeTranslator = {
    name: "fake",
    real: true,
    seen: [],
    calls: 0,
    translate(request) {
      fake.calls++;
      fake.seen.push(request.text);
      return Promise.resolve().then(() => ({
        text: change(request.text),
        source: "en",
        target: request.target,
        provider: "fake",
      }));
    },
  };
  if (options.batch === true) {
    fake.translateBatch = (request) => {
      fake.calls++;
      fake.seen.push(...request.texts);
      const { target } = request;
      return Promise.resolve().then(() =>
        request.texts.map((text) => ({
          text: change(text),
          source: "en",
          target,
          provider: "fake",
        })),
      );
    };
  }
  return fake;
}

export const upperCase = (text: string): string => text.toUpperCase();

export const alreadyInTarget = (): ProviderError =>
  new ProviderError({ provider: "fake", kind: "same-language", message: "already in target" });

/** A small seeded random generator (mulberry32), so that random tests repeat exactly. */
export function random(seed: number): { int(max: number): number; pick<T>(list: readonly T[]): T } {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  return {
    int,
    pick: <T>(list: readonly T[]): T => {
      const item = list[int(list.length)];
      if (item === undefined) throw new Error("pick from an empty list");
      return item;
    },
  };
}

const PIECES = [
  ...["word", "other", "text", " ", " ", "\n", "<", ">", "&", '"', "*", "_", "`", "&lt;", "&amp;"],
  ...["😀", "👍🏽", "한국어", "é", "#tag", "@someone", " https://example.com/x ", "/start", "$USD"],
];

const user = { id: 42, is_bot: false, first_name: "Mina" };

/** Entities of every kind, with what each needs besides its place. */
const KINDS: ((offset: number, length: number) => MessageEntity)[] = [
  ...(["bold", "italic", "underline", "strikethrough", "spoiler", "code"] as const).map(
    (type) => (offset: number, length: number) => ({ type, offset, length }),
  ),
  ...(["blockquote", "expandable_blockquote", "url", "mention", "hashtag"] as const).map(
    (type) => (offset: number, length: number) => ({ type, offset, length }),
  ),
  (offset, length) => ({ type: "pre", offset, length }),
  (offset, length) => ({ type: "pre", offset, length, language: "c++" }),
  (offset, length) => ({ type: "text_link", offset, length, url: "https://example.com/?a=1&b=2" }),
  (offset, length) => ({ type: "text_link", offset, length, url: 'https://example.com/?q="x"' }),
  (offset, length) => ({ type: "text_mention", offset, length, user }),
  (offset, length) => ({
    type: "custom_emoji",
    offset,
    length,
    custom_emoji_id: "5368324170671202286",
  }),
];

/**
 * A random message as Telegram would store it: text with characters that break naive escaping,
 * emoji before entities, and entities of every kind, nested, crossing and overlapping at random.
 * undefined when Telegram would refuse it (nothing but spaces).
 */
export function randomMessage(seed: number): FormattedText | undefined {
  const rng = random(seed);
  let text = "";
  const count = 3 + rng.int(20);
  for (let i = 0; i < count; i++) text += rng.pick(PIECES);
  // Entity borders between code points, as Telegram's are.
  const borders = [0];
  for (const char of text) borders.push((borders[borders.length - 1] ?? 0) + char.length);
  const entities: MessageEntity[] = [];
  const howMany = rng.int(9);
  for (let i = 0; i < howMany; i++) {
    const a = rng.pick(borders);
    const b = rng.pick(borders);
    if (a === b) continue;
    entities.push(rng.pick(KINDS)(Math.min(a, b), Math.abs(a - b)));
  }
  try {
    return telegramStores(text, entities);
  } catch {
    return undefined;
  }
}
