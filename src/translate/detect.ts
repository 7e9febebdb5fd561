// Offline language detection for short chat messages, so the bot can choose a direction without a provider call.
// Writing systems decide where they are unambiguous (Hangul, kana, Thai...: detect-scripts.ts);
// n-grams (tinyld's, cut down: detect-ngrams.ts) decide within a script that several languages
// share (detect-within-script.ts).
import { countScripts, LESS_SURE, round, shareOf } from "./detect-scripts.js";
import { detectArabic, detectCyrillic, detectLatin } from "./detect-within-script.js";

export interface Detection {
  language: string | undefined;
  /** 0..1: near 1 when the script alone decides, low for very short or ambiguous Latin text. */
  confidence: number;
}

/** At or above this a guess is trusted as the source language; below it providers get "auto". */
export const CONFIDENT_DETECTION = 0.5;

/** Only this much of a message's letters is looked at: the start of a long text says enough. */
const MAX_LETTERS = 300;

/** Fullwidth forms of ASCII ("ｈｅｌｌｏ", "！") as typed with East Asian input methods. */
const FULLWIDTH_ASCII = /[\uff01-\uff5e]/gu;
// Things that are not language. Order matters: links and emails before mentions, those before punctuation.
const URL = /\b(?:https?:\/\/|ftp:\/\/|www\.)\S+/giu;
/** Starts only where a run of address characters starts: trying every position of a long run is quadratic. */
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
/** Bare domains ("example.com/x", "t.me/chan"): a dotted name with a path, or one of the common TLDs. */
const DOMAIN =
  /(?<![\p{L}\p{N}])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:[a-z]{2,12}\/\S*|(?:com|net|org|io|co|me|ly|gl|be|app|dev|ai|tv|gg|info|biz|kr|jp|cn|ru|de|fr|es|it|uk|us|vn|th|id|br|pt)\b)/giu;
const MENTION_OR_TAG = /(?<![\p{L}\p{N}_])[@#][\p{L}\p{N}\p{M}_]+/gu;
const COMMAND = /(?<!\S)\/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?/gu;
/** Variation selectors, zero-width joiners, the keycap mark and tag characters ride along with emoji. */
const EMOJI_GLUE = /\u200c|\u200d|\u20e3|[\ufe00-\ufe0f]|[\u{e0020}-\u{e007f}]/gu;
/** Everything but letters, marks, whitespace and the apostrophes and hyphens that may sit inside words. */
const NOT_LETTER = /[^\p{L}\p{M}\s'’-]/gu;
/** Apostrophes and hyphens survive only between two letters ("can't", "U-Bahn", "apa-apa"). */
const LOOSE_JOINER = /(?<![\p{L}\p{M}])['’-]+|['’-]+(?![\p{L}])/gu;
/** A combining mark with no letter before it (left over from an emoji or a stripped digit). */
const ORPHAN_MARK = /(?<![\p{L}\p{M}])\p{M}+/gu;

/**
 * The text with what is not language removed: URLs, e-mail addresses, @mentions, #hashtags, /commands,
 * emoji, digits, punctuation; whitespace collapsed. Apostrophes and hyphens inside words stay. "" means
 * the message has no letters.
 */
export function letterContent(text: string): string {
  return text
    .normalize("NFC")
    .replace(FULLWIDTH_ASCII, (char) => String.fromCharCode((char.codePointAt(0) ?? 0) - 0xfee0))
    .replace(URL, " ")
    .replace(EMAIL, " ")
    .replace(DOMAIN, " ")
    .replace(COMMAND, " ")
    .replace(MENTION_OR_TAG, " ")
    .replace(EMOJI_GLUE, "")
    .replace(NOT_LETTER, " ")
    .replace(/’/gu, "'")
    .replace(LOOSE_JOINER, " ")
    .replace(ORPHAN_MARK, "")
    .replace(/\s+/gu, " ")
    .trim();
}

/**
 * The language of a chat message as an ISO 639-1 code ("ko", "en", "ja", "zh", "es", ...), with a
 * confidence 0..1. language is undefined when the text has no letters (see letterContent), or only
 * letters of a script this does not know (Syriac, Cherokee...); text with letters otherwise always
 * gets a guess, a low confidence saying it is one.
 */
export function detectLanguage(text: string): Detection {
  // The cut may split a surrogate pair (rare Han); drop the half.
  const content = letterContent(text)
    .slice(0, MAX_LETTERS)
    .replace(/[\ud800-\udbff]$/u, "");
  if (content === "") return { language: undefined, confidence: 0 };
  const { weights, letters } = countScripts(content);
  let total = 0;
  for (const weight of weights.values()) total += weight;
  const hangul = weights.get("hangul") ?? 0;
  const kana = weights.get("kana") ?? 0;
  const han = weights.get("han") ?? 0;

  // East Asian scripts first: together they outweigh Latin loanwords in the same message.
  const eastAsian = hangul + kana + han;
  const [topScript, topWeight] = [...weights.entries()]
    .filter(([script]) => script !== "hangul" && script !== "kana" && script !== "han")
    .sort((a, b) => b[1] - a[1])[0] ?? ["other", 0];
  if (eastAsian > 0 && eastAsian >= topWeight) {
    const share = shareOf(eastAsian, total);
    // Kana is Japanese only; Hangul is Korean only (Korean can carry Hanja, Japanese never Hangul).
    if (kana > 0 && kana >= hangul)
      return { language: "ja", confidence: round(0.97 * (0.6 + 0.4 * share)) };
    if (hangul > 0) {
      const base = hangul >= 6 ? 0.99 : 0.9; // one syllable or jamo ("ㅇㅋ") is a little less sure
      return { language: "ko", confidence: round(base * (0.6 + 0.4 * share)) };
    }
    // Han alone is Chinese, unless it is a kanji-only Japanese phrase ("了解"): less sure when short.
    const base = han >= 12 ? 0.9 : han >= 6 ? 0.7 : 0.55;
    return { language: "zh", confidence: round(base * (0.6 + 0.4 * share)) };
  }

  const share = shareOf(topWeight, total);
  switch (topScript) {
    case "thai":
      return { language: "th", confidence: round(0.99 * (0.6 + 0.4 * share)) };
    case "latin":
      return detectLatin(content, letters, share);
    case "cyrillic":
      return detectCyrillic(content, letters, share);
    case "arabic":
      return detectArabic(content, letters, share);
    case "other":
      return { language: undefined, confidence: 0 };
    default:
      // A script that one language writes (Greek, Hebrew, Georgian, Khmer...).
      return {
        language: topScript,
        confidence: round((LESS_SURE.has(topScript) ? 0.8 : 0.95) * (0.6 + 0.4 * share)),
      };
  }
}
