// Inline mode: typing "@bot some text" in any chat offers the text's translation into the user's
// languages, one result per language, to send into that chat.
//
// The targets are the bot's usual direction for the text (home → foreign, anything else → home),
// then the user's own language (Telegram's language_code), then the rest of the pair; never the
// text's own language, at most three. Translations go through the same cache as messages (a query
// seen before costs nothing) and count against the same daily quotas (the user's, and their private
// chat with the bot's). Telegram wants the answer within about 10 s: translations not back within
// INLINE_TIMEOUT_MS are left out. A query always gets an answer, never an exception: with nothing to
// offer, an empty list with a button (opening the bot's chat) saying why.
import { createHash } from "node:crypto";
import type { Composer, Context } from "grammy";
import type { InlineQuery, InlineQueryResultArticle, InlineQueryResultsButton } from "grammy/types";
import { ProviderError } from "../errors.js";
import { normaliseText, type Lookup } from "../translate/cache.js";
import { CONFIDENT_DETECTION, detectLanguage } from "../translate/detect.js";
import { chargeQuota, type QuotaLimits } from "../translate/quota.js";
import { userLanguageOf } from "./chat-settings.js";
import { chooseTarget, sameLanguage, type Languages } from "./direction.js";
import type { BotDeps } from "./index.js";
import { languageName, textsFor, type InlineButtonReason } from "./i18n/index.js";
import type { Translation } from "./translate-message.js";

/** How long Telegram keeps a full answer for the same query from the same user. */
export const INLINE_CACHE_SECONDS = 300;
/** The time translations get; Telegram drops answers that come after about 10 s. */
export const INLINE_TIMEOUT_MS = 3000;
/** Telegram sends at most 256 characters of a query. */
export const MAX_QUERY_CHARS = 256;
const MAX_RESULTS = 3;
/** The description under a result's title: the start of the translation. */
const DESCRIPTION_CHARS = 200;
/** Telegram's limit for a message's text. */
const MESSAGE_TEXT_CHARS = 4096;
/** /start's payload when the button above the results is pressed: it opens the bot's help. */
const START_PARAMETER = "inline";

export interface InlineOptions {
  /** Time for the translations of one query; default INLINE_TIMEOUT_MS. */
  timeoutMs?: number;
  /** cache_time of a full answer; default INLINE_CACHE_SECONDS. Failures are not cached. */
  cacheSeconds?: number;
}

/**
 * The languages to offer, best first: the bot's usual direction for the text, the user's language,
 * the rest of the pair. The text's language is left out when the detector is sure of it; when it
 * is not, the provider detects the language and a result already in it is dropped later.
 */
export function inlineTargets(options: {
  detected: string;
  sure: boolean;
  userLanguage: string | undefined;
  languages: Languages;
}): string[] {
  const { detected, sure, userLanguage, languages } = options;
  const candidates = [
    chooseTarget({ detected, chosen: undefined, languages }),
    userLanguage,
    languages.home,
    languages.foreign,
  ];
  const targets: string[] = [];
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    if (sure && sameLanguage(candidate, detected)) continue;
    if (targets.some((target) => sameLanguage(target, candidate))) continue;
    targets.push(candidate);
  }
  return targets.slice(0, MAX_RESULTS);
}

/** A result id that stays the same for the same text and language (Telegram allows 64 bytes). */
export function resultId(target: string, text: string): string {
  const digest = createHash("sha256").update(`${target}\u0000${text}`).digest("base64url");
  return `${target}:${digest.slice(0, 32)}`;
}

/** At most `max` characters (code points), with an ellipsis when cut. */
function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

interface InlineResponse {
  results: InlineQueryResultArticle[];
  cacheSeconds: number;
  button?: InlineQueryResultsButton;
}

/** Whether the user, or their private chat with the bot, has used up today's quota (read only). */
async function overQuota(deps: BotDeps, quotas: QuotaLimits, userId: number): Promise<boolean> {
  const [user, chat] = await Promise.all([
    quotas.userDailyChars > 0 ? deps.store.getUsage({ userId }) : undefined,
    quotas.chatDailyChars > 0 ? deps.store.getUsage({ chatId: userId }) : undefined,
  ]);
  return (
    (user !== undefined && user.characters >= quotas.userDailyChars) ||
    (chat !== undefined && chat.characters >= quotas.chatDailyChars)
  );
}

/** Rejects when the signal aborts first; the work itself goes on (its result is still cached). */
function beforeDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const late = () => reject(new Error("no translation within the inline time limit"));
    if (signal.aborted) {
      late();
      return;
    }
    signal.addEventListener("abort", late, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", late);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", late);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function describeFailure(error: unknown): string {
  if (error instanceof ProviderError) return error.kind;
  return error instanceof Error ? error.message : String(error);
}

async function respond(
  query: InlineQuery,
  deps: BotDeps,
  translation: Translation,
  options: Required<InlineOptions>,
): Promise<InlineResponse> {
  const say = textsFor(query.from.language_code);
  const empty = (reason: InlineButtonReason, cacheSeconds: number): InlineResponse => ({
    results: [],
    cacheSeconds,
    button: { text: say.inlineButton(reason), start_parameter: START_PARAMETER },
  });

  const text = [...query.query].slice(0, MAX_QUERY_CHARS).join("").trim();
  // No letters (empty, emoji, a link): nothing to translate.
  const detection = detectLanguage(text);
  if (detection.language === undefined) return empty("empty", options.cacheSeconds);

  const userId = query.from.id;
  const quotas = translation.settings.quotas;
  const limited = quotas !== undefined && (quotas.userDailyChars > 0 || quotas.chatDailyChars > 0);
  if (limited && (await overQuota(deps, quotas, userId))) {
    deps.logger.info({ userId }, "inline query over the daily quota");
    return empty("over-quota", 0);
  }

  const sure = detection.confidence >= CONFIDENT_DETECTION;
  const source = sure ? detection.language : "auto";
  const userLanguage = userLanguageOf(query.from.language_code);
  const targets = inlineTargets({
    detected: detection.language,
    sure,
    userLanguage,
    languages: deps.languages,
  });
  const signal = AbortSignal.timeout(options.timeoutMs);
  const outcomes = await Promise.allSettled(
    targets.map((target) =>
      beforeDeadline(translation.cache.lookup({ text, source, target, signal }), signal),
    ),
  );

  const results: InlineQueryResultArticle[] = [];
  const failures: Record<string, string> = {};
  let charged = 0;
  outcomes.forEach((outcome, index) => {
    const target = targets[index] ?? "";
    if (outcome.status === "rejected") {
      const error: unknown = outcome.reason;
      // Already in that language (the provider says so): nothing to offer for it.
      if (error instanceof ProviderError && error.kind === "same-language") return;
      failures[target] = describeFailure(error);
      return;
    }
    const { result, hit }: Lookup = outcome.value;
    if (!hit) charged += normaliseText(text).length;
    if (source === "auto" && result.source !== "auto" && sameLanguage(result.source, target)) {
      return;
    }
    // A provider that hands the text back unchanged (it was in that language already).
    if (normaliseText(result.text) === normaliseText(text)) return;
    results.push({
      type: "article",
      id: resultId(target, text),
      title: languageName(target, userLanguage ?? "en"),
      description: clip(result.text, DESCRIPTION_CHARS),
      input_message_content: { message_text: clip(result.text, MESSAGE_TEXT_CHARS) },
    });
  });

  if (charged > 0 && limited) {
    await chargeQuota(deps.store, { chatId: userId, userId }, charged).catch((error: unknown) =>
      deps.logger.warn({ err: error, userId }, "could not count usage"),
    );
  }
  const failed = Object.keys(failures).length > 0;
  if (failed) deps.logger.warn({ userId, failures }, "inline translation failed");
  if (results.length === 0 && failed) return empty("unavailable", 0);
  // A partial answer is not kept: the next identical query tries the missing languages again.
  return { results, cacheSeconds: failed ? 0 : options.cacheSeconds };
}

export function registerInline(
  bot: Composer<Context>,
  deps: BotDeps,
  translation: Translation,
  options: InlineOptions = {},
): void {
  const settings: Required<InlineOptions> = {
    timeoutMs: options.timeoutMs ?? INLINE_TIMEOUT_MS,
    cacheSeconds: options.cacheSeconds ?? INLINE_CACHE_SECONDS,
  };
  bot.on("inline_query", async (ctx) => {
    const query = ctx.inlineQuery;
    let response: InlineResponse;
    try {
      response = await respond(query, deps, translation, settings);
    } catch (error) {
      deps.logger.error({ err: error, userId: query.from.id }, "inline query failed");
      const say = textsFor(query.from.language_code);
      response = {
        results: [],
        cacheSeconds: 0,
        button: { text: say.inlineButton("unavailable"), start_parameter: START_PARAMETER },
      };
    }
    try {
      await ctx.answerInlineQuery(response.results, {
        cache_time: response.cacheSeconds,
        is_personal: true,
        ...(response.button === undefined ? {} : { button: response.button }),
      });
    } catch (error) {
      // Too late, or Telegram unreachable: the user has typed on by now; retrying would not help.
      deps.logger.warn({ err: error, userId: query.from.id }, "could not answer the inline query");
    }
  });
}
