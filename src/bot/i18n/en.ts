// The bot's English: also what everyone without a locale of their own reads.
import type { TranslationMode } from "../chat-settings.js";
import { languageName, until } from "./common.js";
import type { Catalogue, ChatSummary } from "./types.js";

const name = (code: string) => languageName(code, "en");

function list(codes: readonly string[]): string {
  const names = codes.map(name);
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1) ?? ""}`;
}

function rule({ languages, targets }: Pick<ChatSummary, "languages" | "targets">): string {
  const [a = "", b = ""] = languages;
  return languages.length === 2
    ? `${name(a)} ⇄ ${name(b)}; other languages into ${list(targets)}.`
    : `Messages not in ${list(languages)} go into ${list(targets)}.`;
}

const MODES: Record<TranslationMode, string> = { auto: "Auto", manual: "Manual", off: "Off" };
const MODES_ABOUT: Record<TranslationMode, string> = {
  auto: "I translate every message that needs it.",
  manual: "I translate when asked: reply /tr to a message, or mention me.",
  off: "I translate nothing here.",
};

const summary = (s: ChatSummary) =>
  [
    `Mode: ${MODES[s.mode]}. ${MODES_ABOUT[s.mode]}`,
    `Languages: ${rule(s)}`,
    `Language tags: ${s.showSourceTag ? "shown" : "hidden"}.`,
    ...(s.formality === undefined ? [] : [`Formality: ${s.formality}.`]),
  ].join("\n");

export const en: Catalogue = {
  help: (f) =>
    [
      "I translate messages.",
      summary(f.summary),
      "",
      "/tr [language] — as a reply: translate that message, e.g. /tr ja",
      "/settings — mode, languages, language tags",
      "/lang <codes> — set the languages, e.g. /lang ja or /lang ko en; /lang reset — the default",
      ...(f.summary.private
        ? []
        : ["/ignoreme — don't translate my messages here; /unignoreme — translate them again"]),
      "/help — this message",
      ...(f.pseudo ? ["", "⚠️ Local mode: translations are pseudo, not real."] : []),
      ...(f.attribution ? ["", f.attribution] : []),
    ].join("\n"),
  rule,
  mode: (mode) => MODES[mode],
  modeAbout: (mode) => MODES_ABOUT[mode],
  list,

  langUsage: (s) =>
    [
      `Languages: ${rule(s)}`,
      "Pick a language below, or type /lang <codes> (e.g. /lang ja, /lang ko en) or /lang reset.",
    ].join("\n"),
  langSet: (s) => `Done: ${rule(s)}`,
  langReset: (s) => `Done: back to the default, ${rule(s)}`,
  langUnknown: (code) =>
    `I don't know the language code "${code}". Use a code such as en, ko, ja, zh, es, fr, de, ru, vi or th.`,
  onlyAdmins: "Only the group's admins can change its settings.",

  providerFailed: (kind, pair) => {
    switch (kind) {
      case "unsupported":
        return `Sorry, I can't translate ${name(pair.source)} into ${name(pair.target)}.`;
      case "too-long":
        return "Sorry, that message is too long for me to translate.";
      case "quota":
      case "rate":
        return "The translator is busy right now. Please try again in a minute.";
      case "auth":
        return "Translation is not available right now: the bot's translator is not set up correctly.";
      default:
        return "The translator isn't answering right now. Please try again shortly.";
    }
  },
  overQuota: (resetsAt, now) => {
    const { hours, minutes } = until(resetsAt, now);
    const left = hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min`;
    return `You've reached today's translation limit, sorry. It resets at 00:00 UTC (in about ${left}); until then I'll stay quiet.`;
  },
  nothingToTranslate: "There are no words to translate in that message.",
  alreadyIn: (targets) =>
    `That message is already in ${list(targets)}. Name another language, e.g. /tr ja`,
  trUsage: "Reply /tr to a message to translate it; /tr ja translates it into Japanese.",
  translationOff: "Translation is off in this chat. An admin can turn it on with /settings.",

  ignored: "OK: I won't translate your messages in this group unless someone asks (/tr).",
  unignored: "OK: I translate your messages in this group again.",
  groupsOnly: "That is for groups. Here, /settings turns translation off.",

  settingsText: (s, view, warning) =>
    [
      view === "languages"
        ? "Pick this chat's languages (tap again to remove). Two make a bilingual pair; the first is the main one."
        : view === "targets"
          ? "Pick what messages in other languages are translated into (several at once are fine)."
          : s.private
            ? "Settings of this chat"
            : "Settings of this group (admins can change them)",
      "",
      summary(s),
      ...(warning === undefined ? [] : ["", `⚠️ ${warning}`]),
    ].join("\n"),
  settingsButtons: {
    languages: (codes) => `Languages: ${codes.map(name).join(", ")}`,
    targets: (codes) => `Others into: ${codes.map(name).join(", ")}`,
    tag: (on) => `Language tags: ${on ? "shown" : "hidden"}`,
    formality: (value) => `Formality: ${value ?? "default"}`,
    back: "« Back",
    done: "Done",
  },
  keepOne: "Keep at least one language.",
  privacyWarning:
    "I can't see this group's messages: my privacy mode is on. Make me an admin, or turn privacy off (@BotFather → /setprivacy → Disable), then remove and re-add me.",
  saved: "Saved",

  welcome: (s) =>
    [
      "Hello! I translate this group's messages.",
      summary(s),
      "Admins: /settings to change this. Everyone: /help.",
    ].join("\n"),
  welcomeBack: (s) =>
    ["Hello again! This group's settings are as you left them.", summary(s)].join("\n"),

  commands: {
    private: [
      { command: "help", description: "What I do and how to use me" },
      { command: "settings", description: "Mode, languages and language tags" },
      { command: "lang", description: "Set the languages, e.g. /lang ja" },
      { command: "tr", description: "As a reply: translate that message" },
    ],
    group: [
      { command: "tr", description: "As a reply: translate that message" },
      { command: "ignoreme", description: "Don't translate my messages here" },
      { command: "unignoreme", description: "Translate my messages again" },
      { command: "help", description: "What I do and how to use me" },
    ],
    admins: [
      { command: "tr", description: "As a reply: translate that message" },
      { command: "settings", description: "Mode, languages and language tags of this group" },
      { command: "lang", description: "Set the group's languages, e.g. /lang ko en" },
      { command: "ignoreme", description: "Don't translate my messages here" },
      { command: "unignoreme", description: "Translate my messages again" },
      { command: "help", description: "What I do and how to use me" },
    ],
  },
  inlineButton: (reason) =>
    ({
      empty: "Type a text to translate it",
      unavailable: "Translation is unavailable right now",
      "over-quota": "Today's translation limit is reached",
    })[reason],
};
