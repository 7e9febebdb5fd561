// Everything the bot says, in each language it speaks (English is the fallback).
// Chosen per user from Telegram's language_code, so help and errors read in the user's language.
import type { ProviderFailure } from "../errors.js";

export type Locale = "en" | "ko";

export function localeOf(languageCode: string | undefined): Locale {
  return languageCode?.toLowerCase().startsWith("ko") ? "ko" : "en";
}

/** A language's name in the reader's language, e.g. languageName("ja", "en") === "Japanese". */
export function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: "language", fallback: "none" }).of(code) ?? code;
  } catch {
    return code;
  }
}

export interface HelpFacts {
  home: string;
  foreign: string;
  target: string | undefined;
  attribution: string | undefined;
  pseudo: boolean;
}

interface Catalogue {
  help(facts: HelpFacts): string;
  langUsage(current: string | undefined, facts: HelpFacts): string;
  langSet(code: string): string;
  langReset(pair: { home: string; foreign: string }): string;
  langUnknown(code: string): string;
  providerFailed(kind: ProviderFailure, pair: { source: string; target: string }): string;
}

const en: Catalogue = {
  help: (f) =>
    [
      "I translate your messages.",
      f.target === undefined
        ? `Write in ${languageName(f.home, "en")} and I answer in ${languageName(f.foreign, "en")}; write in any other language and I answer in ${languageName(f.home, "en")}.`
        : `In this chat I translate into ${languageName(f.target, "en")} (and messages already in it into ${languageName(f.target === f.home ? f.foreign : f.home, "en")}).`,
      "",
      "/lang <code> — translate into another language, e.g. /lang ja",
      "/lang — show this chat's setting",
      "/lang reset — back to the default",
      "/help — this message",
      ...(f.pseudo ? ["", "⚠️ Local mode: translations are pseudo, not real."] : []),
      ...(f.attribution ? ["", f.attribution] : []),
    ].join("\n"),
  langUsage: (current, f) =>
    [
      current === undefined
        ? `This chat uses the default: ${languageName(f.home, "en")} ⇄ ${languageName(f.foreign, "en")}.`
        : `This chat translates into ${languageName(current, "en")} (${current}).`,
      "Pick a language below, or type /lang <code> (e.g. /lang ja) or /lang reset.",
    ].join("\n"),
  langSet: (code) =>
    `Done: messages in this chat are now translated into ${languageName(code, "en")} (${code}).`,
  langReset: (f) =>
    `Done: back to the default, ${languageName(f.home, "en")} ⇄ ${languageName(f.foreign, "en")}.`,
  langUnknown: (code) =>
    `I don't know the language code "${code}". Use a code such as en, ko, ja, zh, es, fr, de, ru, vi or th.`,
  providerFailed: (kind, pair) => {
    switch (kind) {
      case "unsupported":
        return `Sorry, I can't translate ${languageName(pair.source, "en")} into ${languageName(pair.target, "en")}.`;
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
};

const ko: Catalogue = {
  help: (f) =>
    [
      "메시지를 번역해 드립니다.",
      f.target === undefined
        ? `${languageName(f.home, "ko")}로 쓰시면 ${languageName(f.foreign, "ko")}로, 다른 언어로 쓰시면 ${languageName(f.home, "ko")}로 답합니다.`
        : `이 대화에서는 ${languageName(f.target, "ko")}로 번역합니다 (이미 그 언어인 메시지는 ${languageName(f.target === f.home ? f.foreign : f.home, "ko")}로).`,
      "",
      "/lang <코드> — 다른 언어로 번역, 예: /lang ja",
      "/lang — 이 대화의 설정 보기",
      "/lang reset — 기본값으로",
      "/help — 이 도움말",
      ...(f.pseudo ? ["", "⚠️ 로컬 모드: 실제 번역이 아닌 가짜 번역입니다."] : []),
      ...(f.attribution ? ["", f.attribution] : []),
    ].join("\n"),
  langUsage: (current, f) =>
    [
      current === undefined
        ? `이 대화는 기본 설정입니다: ${languageName(f.home, "ko")} ⇄ ${languageName(f.foreign, "ko")}.`
        : `이 대화는 ${languageName(current, "ko")}(${current})로 번역합니다.`,
      "아래에서 언어를 고르거나 /lang <코드> (예: /lang ja) 또는 /lang reset을 입력하세요.",
    ].join("\n"),
  langSet: (code) =>
    `완료: 이제 이 대화의 메시지를 ${languageName(code, "ko")}(${code})로 번역합니다.`,
  langReset: (f) =>
    `완료: 기본 설정(${languageName(f.home, "ko")} ⇄ ${languageName(f.foreign, "ko")})으로 돌아갔습니다.`,
  langUnknown: (code) =>
    `"${code}"는 알 수 없는 언어 코드입니다. en, ko, ja, zh, es, fr, de, ru, vi, th 같은 코드를 쓰세요.`,
  providerFailed: (kind, pair) => {
    switch (kind) {
      case "unsupported":
        return `죄송합니다. ${languageName(pair.source, "ko")}를 ${languageName(pair.target, "ko")}로 번역할 수 없습니다.`;
      case "too-long":
        return "죄송합니다. 메시지가 너무 길어 번역할 수 없습니다.";
      case "quota":
      case "rate":
        return "지금은 번역기가 바쁩니다. 잠시 후 다시 시도해 주세요.";
      case "auth":
        return "지금은 번역할 수 없습니다: 봇의 번역기 설정이 올바르지 않습니다.";
      default:
        return "번역기가 응답하지 않습니다. 잠시 후 다시 시도해 주세요.";
    }
  },
};

export function texts(locale: Locale): Catalogue {
  return locale === "ko" ? ko : en;
}
