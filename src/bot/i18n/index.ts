// Everything the bot says, in each language it speaks, chosen per user from Telegram's
// language_code, English the fallback. To add a locale: a file like en.ts (the Catalogue type lists
// every message), an entry below, and a case in localeOf.
import { en } from "./en.js";
import { ko } from "./ko.js";
import type { Catalogue, Locale } from "./types.js";

export { languageName } from "./common.js";
export type {
  Catalogue,
  ChatSummary,
  CommandLists,
  HelpFacts,
  InlineButtonReason,
  Locale,
  SettingsView,
} from "./types.js";

const CATALOGUES: Record<Locale, Catalogue> = { en, ko };

/** Every locale the bot speaks, English (the fallback) first. */
export const LOCALES = Object.keys(CATALOGUES) as Locale[];

export function localeOf(languageCode: string | undefined): Locale {
  return languageCode?.toLowerCase().startsWith("ko") ? "ko" : "en";
}

export function texts(locale: Locale): Catalogue {
  return CATALOGUES[locale];
}

/** The catalogue for a Telegram user's language_code. */
export function textsFor(languageCode: string | undefined): Catalogue {
  return texts(localeOf(languageCode));
}
