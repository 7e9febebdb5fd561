// A chat's settings as the bot uses them: what is stored (src/store/types.ts ChatSettings, every
// field optional) with the defaults filled in, and which languages a message goes into.
//
// The model: a chat has languages (main one first) and targets.
// - Two languages make a bilingual pair: a message in one of them goes into the other.
// - Otherwise a message in one of the chat's languages is left alone (everyone there reads it).
// - A message in any other language goes into the targets: several at once are shown in one reply.
//   Without chosen targets, the main language.
// The default pair is DEFAULT_LANGUAGES (home, foreign): home → foreign, foreign → home, anything
// else → home, as before chat languages existed. `/lang ja` makes the pair [ja, home].
import type { Chat } from "grammy/types";
import type { ChatSettings, Store, TranslationMode } from "../store/types.js";
import { formalityIn } from "../translate/formality.js";
import { sameLanguage, type Languages } from "./direction.js";
import { languageName, type ChatSummary } from "./i18n/index.js";

export type { TranslationMode } from "../store/types.js";
export type Formality = NonNullable<ChatSettings["formality"]>;

export interface EffectiveSettings {
  mode: TranslationMode;
  /** At least one; the first is the chat's main language. */
  languages: string[];
  /** At least one. */
  targets: string[];
  /** Whether translations are labelled with their languages. */
  showSourceTag: boolean;
  formality: Formality | undefined;
  ignoredUsers: number[];
}

export const MODES: readonly TranslationMode[] = ["auto", "manual", "off"];

/** Private chats translate everything; a group waits until an admin chooses auto. */
export function defaultMode(chatType: Chat["type"]): TranslationMode {
  return chatType === "private" ? "auto" : "manual";
}

/** The pair `/lang code` makes: the code first, then home (or foreign when code is home). */
export function pairFor(code: string, defaults: Languages): string[] {
  return [code, sameLanguage(code, defaults.home) ? defaults.foreign : defaults.home];
}

const nonEmpty = (list: readonly string[] | undefined): list is string[] =>
  Array.isArray(list) && list.length > 0 && list.every((item) => typeof item === "string");

export function effectiveSettings(
  stored: ChatSettings,
  chatType: Chat["type"],
  defaults: Languages,
): EffectiveSettings {
  const languages = nonEmpty(stored.languages)
    ? stored.languages
    : stored.targetLanguage !== undefined
      ? pairFor(stored.targetLanguage, defaults)
      : [defaults.home, defaults.foreign];
  const [main = defaults.home] = languages;
  return {
    mode: MODES.includes(stored.mode as TranslationMode)
      ? (stored.mode as TranslationMode)
      : defaultMode(chatType),
    languages,
    targets: nonEmpty(stored.targets) ? stored.targets : [main],
    showSourceTag: stored.showSourceTag === true,
    formality:
      stored.formality === "formal" || stored.formality === "informal"
        ? stored.formality
        : undefined,
    ignoredUsers: Array.isArray(stored.ignoredUsers) ? stored.ignoredUsers : [],
  };
}

/** The languages a message written in `detected` goes into; empty when it needs none. */
export function targetsFor(
  detected: string,
  settings: Pick<EffectiveSettings, "languages" | "targets">,
): string[] {
  const { languages, targets } = settings;
  const [first, second] = languages;
  if (languages.length === 2 && first !== undefined && second !== undefined) {
    if (sameLanguage(detected, first)) return [second];
    if (sameLanguage(detected, second)) return [first];
  }
  if (languages.some((language) => sameLanguage(language, detected))) return [];
  return targets.filter((target) => !sameLanguage(target, detected));
}

/**
 * The languages an explicit request (/tr without a language, or a mention) goes into: the chat's
 * rule; when that says nothing (the message is in one of the chat's languages), the asker's own
 * language, else the chat's main one, else the pair's other: asked, the bot always tries.
 */
export function requestedTargets(
  detected: string,
  settings: Pick<EffectiveSettings, "languages" | "targets">,
  askerLanguage: string | undefined,
  defaults: Languages,
): string[] {
  const byRule = targetsFor(detected, settings);
  if (byRule.length > 0) return byRule;
  const candidates = [askerLanguage, settings.languages[0], defaults.home, defaults.foreign];
  const found = candidates.find(
    (candidate): candidate is string =>
      candidate !== undefined && !sameLanguage(candidate, detected),
  );
  return found === undefined ? [] : [found];
}

const LANGUAGE_CODE = /^[a-z]{2,3}(-[a-z]{2,4})?$/i;

/** Normalises a user-typed code ("ZH-tw" -> "zh-TW"), or undefined when it is not a known language. */
export function normaliseLanguageCode(input: string): string | undefined {
  if (!LANGUAGE_CODE.test(input)) return undefined;
  const [base = "", region] = input.split("-");
  const code =
    region === undefined ? base.toLowerCase() : `${base.toLowerCase()}-${region.toUpperCase()}`;
  return languageName(code, "en") === code ? undefined : code;
}

/** Babelgram's code for a Telegram language_code ("pt-br" → "pt", "zh-hant" → "zh-TW"). */
export function userLanguageOf(code: string | undefined): string | undefined {
  const [base = "", region = ""] = (code ?? "").toLowerCase().split(/[-_]/);
  if (!/^[a-z]{2,3}$/.test(base)) return undefined;
  if (base === "zh") return ["hant", "tw", "hk", "mo"].includes(region) ? "zh-TW" : "zh";
  return base;
}

/**
 * Where the translator honours formality (BotDeps.formality): true everywhere, a set of targets
 * (babelgram's codes), or false/undefined nowhere.
 */
export type FormalityOffer = boolean | ReadonlySet<string> | undefined;

/** Whether formal or informal address can be asked in `target`. */
export function formalityAt(offer: FormalityOffer, target: string): boolean {
  return offer === true || (typeof offer === "object" && formalityIn(offer, target));
}

/** The languages the chat's rules translate into: a pair's two languages, and the targets. */
export function outputLanguages(settings: Pick<EffectiveSettings, "languages" | "targets">) {
  const pair = settings.languages.length === 2 ? settings.languages : [];
  return [...new Set([...pair, ...settings.targets])];
}

/** Whether /settings offers formality: the translator honours it in one of the chat's languages. */
export function offersFormality(
  offer: FormalityOffer,
  settings: Pick<EffectiveSettings, "languages" | "targets">,
): boolean {
  return outputLanguages(settings).some((target) => formalityAt(offer, target));
}

/** The formality to ask for in `target`: the chat's, where the translator honours it. */
export function formalityFor(
  offer: FormalityOffer,
  settings: Pick<EffectiveSettings, "formality">,
  target: string,
): Formality | undefined {
  return settings.formality !== undefined && formalityAt(offer, target)
    ? settings.formality
    : undefined;
}

/** A chat's settings as stored, with the defaults filled in. */
export async function loadSettings(
  store: Pick<Store, "getChatSettings">,
  chat: Pick<Chat, "id" | "type">,
  defaults: Languages,
): Promise<EffectiveSettings> {
  return effectiveSettings(await store.getChatSettings(chat.id), chat.type, defaults);
}

/** What the bot tells people about a chat's settings. */
export function summaryOf(settings: EffectiveSettings, chat: Pick<Chat, "type">): ChatSummary {
  const { mode, languages, targets, showSourceTag, formality } = settings;
  return { private: chat.type === "private", mode, languages, targets, showSourceTag, formality };
}
