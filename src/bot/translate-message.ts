// The heart of the bot: one message (a text or a caption) in, its translation out as replies, or
// the replies it already has edited when the message was edited.
//
// On the way: the offline detector picks the languages (chat-settings.ts); the translation cache
// answers texts seen before without a provider call; before a provider is called, the user's and the
// chat's daily quotas are checked (over quota: one polite notice a day, then silence until 00:00
// UTC); the translator (the TRANSLATOR chain) does the rest, formatting kept (render.ts). When the
// detector is unsure (very short or mixed text), the provider detects the language ("auto"), and a
// language it finds the text already in gets nothing. Which messages get here at all is decided by
// modes.ts and edits.ts.
import type { Context } from "grammy";
import type { Message } from "grammy/types";
import {
  createCachedTranslator,
  DEFAULT_CACHE_TTL_MS,
  type CachedTranslator,
} from "../translate/cache.js";
import type { ProviderStatus } from "../translate/fallback.js";
import {
  chargeQuota,
  checkQuota,
  type ProviderBudget,
  type QuotaCheck,
  type QuotaLimits,
} from "../translate/quota.js";
import {
  formalityFor,
  requestedTargets,
  targetsFor,
  type EffectiveSettings,
} from "./chat-settings.js";
import { textsFor } from "./i18n/index.js";
import type { BotDeps } from "./index.js";
import { writeLink, type Link } from "./links.js";
import { languageOf, textOf } from "./noise.js";
import { render } from "./render.js";
import { deleteParts, replaceParts, sendParts } from "./replies.js";

/** Telegram's limit for one message's text. */
export const MESSAGE_LIMIT = 4096;

/** Where /stats finds the providers' breakers, errors and budgets (the TRANSLATOR chain). */
export interface ProviderMonitor {
  status(): ProviderStatus[];
  readonly budget?: ProviderBudget | undefined;
}

/** How translation is cached and limited; createApp fills it from the config. */
export interface TranslationSettings {
  /** How long a translation is reused; 0 turns the cache off. Default 30 days. */
  cacheTtlMs?: number;
  /** Daily quotas in characters (0: unlimited). Default: none. */
  quotas?: QuotaLimits;
  /** Telegram user ids allowed /stats. */
  adminUserIds?: readonly number[];
  /** The providers, for /stats; default: the translator itself when it is a chain. */
  monitor?: ProviderMonitor;
  /** The clock of the quotas (tests move it). */
  now?: () => number;
}

/** What the translating handlers, inline mode and /stats share. */
export interface Translation {
  cache: CachedTranslator;
  settings: TranslationSettings;
  now: () => number;
}

export function createTranslation(deps: BotDeps): Translation {
  const settings = deps.translation ?? {};
  return {
    cache: createCachedTranslator(deps.translator, deps.store, {
      ttlMs: settings.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS,
      logger: deps.logger,
      ...(settings.now === undefined ? {} : { now: settings.now }),
    }),
    settings,
    now: settings.now ?? Date.now,
  };
}

/** Stops a message's rendering when a provider would be called over the daily quota. */
class OverQuota extends Error {
  constructor(readonly quota: Extract<QuotaCheck, { over: true }>) {
    super(`over the daily quota of the ${quota.subject}`);
    this.name = "OverQuota";
  }
}

const limited = (quotas: QuotaLimits | undefined): quotas is QuotaLimits =>
  quotas !== undefined && (quotas.userDailyChars > 0 || quotas.chatDailyChars > 0);

export interface TranslationJob {
  /** The message to translate; the replies answer it. */
  message: Message;
  settings: EffectiveSettings;
  /** Who is counted against the quotas: the author, or whoever asked. */
  payer: { id: number; language_code?: string | undefined };
  /** Someone asked (/tr, a mention): the bot always answers something. */
  asked?: Link["asked"];
  /** The asker's language (Telegram's language_code), for a request without a language named. */
  askerLanguage?: string | undefined;
  /** The replies the message has (it was edited): they are edited instead of sending new ones. */
  existing?: readonly number[];
}

/** Translates job.message and replies (or edits the replies it has); see the top of this file. */
export async function translateMessage(
  ctx: Context,
  deps: BotDeps,
  translation: Translation,
  job: TranslationJob,
): Promise<void> {
  const { message, settings, asked, existing = [] } = job;
  const chatId = message.chat.id;
  const say = textsFor(job.payer.language_code);
  const replyTo = message.message_id;
  const answer = async (text: string) => {
    if (asked !== undefined && existing.length === 0) await sendParts(ctx, [{ text }], replyTo);
  };
  const forget = async () => {
    await deleteParts(ctx, chatId, existing);
    if (existing.length > 0) await writeLink(deps.store, chatId, replyTo, { replies: [] });
  };

  const content = textOf(message);
  // No language: no letters at all (links, emoji, numbers), or only letters of unknown scripts.
  const detection = languageOf(message);
  if (content === undefined || !detection.language) {
    await forget();
    await answer(say.nothingToTranslate);
    return;
  }
  const targets =
    asked?.targets ??
    (asked === undefined
      ? targetsFor(detection.language, settings)
      : requestedTargets(detection.language, settings, job.askerLanguage, deps.languages));
  if (targets.length === 0) {
    await forget();
    return;
  }

  const { settings: limits, now } = translation;
  const quotas = limited(limits.quotas) ? limits.quotas : undefined;
  const who = { chatId, userId: job.payer.id };
  // Checked once, and only when a provider is about to be called: cache hits are free.
  let quotaCheck: Promise<void> | undefined;
  const beforeProvider =
    quotas === undefined
      ? undefined
      : () =>
          (quotaCheck ??= checkQuota(deps.store, quotas, who, now).then((quota) => {
            if (quota.over) throw new OverQuota(quota);
          }));

  let rendered;
  try {
    rendered = await render(translation.cache, {
      ...content,
      detection,
      targets,
      showSourceTag: settings.showSourceTag,
      formality: (target) => formalityFor(deps.formality, settings, target),
      ...(beforeProvider === undefined ? {} : { beforeProvider }),
    });
  } catch (error) {
    if (!(error instanceof OverQuota)) throw error;
    const { quota } = error;
    deps.logger.info({ ...who, over: quota.subject, told: quota.tell }, "over the daily quota");
    if (quota.tell) await sendParts(ctx, [{ text: say.overQuota(quota.resetsAt, now()) }], replyTo);
    return;
  }
  if (rendered.charged > 0 && quotas !== undefined) {
    await chargeQuota(deps.store, who, rendered.charged).catch((error: unknown) =>
      deps.logger.warn({ err: error, ...who }, "could not count usage"),
    );
  }
  const { failure } = rendered;
  if (failure !== undefined) {
    deps.logger.warn(
      { err: failure, kind: failure.kind, chatId, updateId: ctx.update.update_id },
      "translation failed",
    );
  }
  if (rendered.parts.length === 0) {
    if (failure !== undefined) {
      // An edit keeps its earlier translation; a new message gets one short notice for the chain.
      if (existing.length === 0) {
        const pair = { source: detection.language, target: targets[0] ?? "" };
        await sendParts(ctx, [{ text: say.providerFailed(failure.kind, pair) }], replyTo);
      }
      return;
    }
    // Already in every language asked for.
    await forget();
    await answer(say.alreadyIn(targets));
    return;
  }

  const replies =
    existing.length === 0
      ? await sendParts(ctx, rendered.parts, replyTo)
      : await replaceParts(ctx, chatId, existing, rendered.parts, replyTo);
  // What was asked for is kept as the languages it went into: an edit goes into the same ones.
  const link = asked === undefined ? { replies } : { replies, asked: { targets } };
  // The replies are out: failing to remember them (store down) must not make the update run again
  // and send them twice. The cost is that a later edit of this message is not followed.
  await writeLink(deps.store, chatId, replyTo, link).catch((error: unknown) => {
    deps.logger.warn({ err: error, chatId, messageId: replyTo }, "could not record the replies");
  });
}
