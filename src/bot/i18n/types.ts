// The shape of the bot's message catalogue: everything it says, one entry per message, each locale
// (en.ts, ko.ts) filling all of it, so that a missing translation is a type error.
import type { BotCommand } from "grammy/types";
import type { ProviderFailure } from "../../errors.js";
import type { Formality, TranslationMode } from "../chat-settings.js";

export type Locale = "en" | "ko";

/** A chat's settings as the bot describes them. */
export interface ChatSummary {
  private: boolean;
  mode: TranslationMode;
  languages: string[];
  targets: string[];
  showSourceTag: boolean;
  formality: Formality | undefined;
}

export interface HelpFacts {
  summary: ChatSummary;
  attribution: string | undefined;
  pseudo: boolean;
}

/** Why an inline query has no results: no text yet, no translator, or the daily quota. */
export type InlineButtonReason = "empty" | "unavailable" | "over-quota";

/** The screens of the /settings keyboard. */
export type SettingsView = "main" | "languages" | "targets";

export interface CommandLists {
  /** Private chats (and the default). */
  private: BotCommand[];
  /** Group members. */
  group: BotCommand[];
  /** Group administrators. */
  admins: BotCommand[];
}

export interface Catalogue {
  help(facts: HelpFacts): string;
  /** "Korean ⇄ English; other languages into Korean." and the like. */
  rule(summary: Pick<ChatSummary, "languages" | "targets">): string;
  mode(mode: TranslationMode): string;
  /** One line on what a mode does. */
  modeAbout(mode: TranslationMode): string;
  /** Languages as a list, "Korean, English and Japanese". */
  list(codes: readonly string[]): string;

  langUsage(summary: ChatSummary): string;
  langSet(summary: Pick<ChatSummary, "languages" | "targets">): string;
  langReset(summary: Pick<ChatSummary, "languages" | "targets">): string;
  langUnknown(code: string): string;
  /** Someone not an admin tried to change a group's settings. */
  onlyAdmins: string;

  providerFailed(kind: ProviderFailure, pair: { source: string; target: string }): string;
  /** Told once a day to a user over the daily quota; resetsAt is the next 00:00 UTC. */
  overQuota(resetsAt: number, now: number): string;
  /** Asked to translate something without words. */
  nothingToTranslate: string;
  /** Asked, but the message is already in every language asked for. */
  alreadyIn(targets: readonly string[]): string;
  /** /tr not as a reply. */
  trUsage: string;
  /** Asked while the chat's mode is off. */
  translationOff: string;

  ignored: string;
  unignored: string;
  groupsOnly: string;

  settingsText(summary: ChatSummary, view: SettingsView, warning: string | undefined): string;
  settingsButtons: {
    languages(codes: readonly string[]): string;
    targets(codes: readonly string[]): string;
    tag(on: boolean): string;
    formality(value: Formality | undefined): string;
    back: string;
    done: string;
  };
  /** The answer to a press that would leave no language. */
  keepOne: string;
  /** Auto chosen in a group whose messages the bot cannot see. */
  privacyWarning: string;
  saved: string;

  welcome(summary: ChatSummary): string;
  welcomeBack(summary: ChatSummary): string;

  commands: CommandLists;
  /** Inline mode: the button above an empty list of results, saying why it is empty. */
  inlineButton(reason: InlineButtonReason): string;
}
