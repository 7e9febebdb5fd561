// Offline language detection for short chat messages, so the bot can choose a direction without a provider call.
// Writing systems decide where they are unambiguous (Hangul, kana, Thai...); tinyld's n-grams decide within a script.
import { detectAll } from "tinyld";

export interface Detection {
  language: string | undefined;
  /** 0..1: near 1 when the script alone decides, low for very short or ambiguous Latin text. */
  confidence: number;
}

/** At or above this a guess is trusted as the source language; below it providers get "auto". */
export const CONFIDENT_DETECTION = 0.5;

/** Only this much of a message's letters is looked at: the start of a long text says enough. */
const MAX_LETTERS = 300;

/** Writing systems tinyld or a rule has to look into; scripts of one language are named by it instead. */
type Script = "latin" | "cyrillic" | "hangul" | "kana" | "han" | "thai" | "arabic" | "other";

/**
 * Languages tinyld chooses among for a script, the one to fall back on when it has no opinion, and
 * the letters beyond a-z each language writes (lowercase, NFC). A text with a letter a language does
 * not use rules that language out, so "desculpa tô atrasado" cannot be Spanish.
 */
interface ScriptModel {
  script: Script;
  fallback: string;
  /** null: the language is not filtered on letters; "": it writes a-z only. */
  languages: Record<string, string | null>;
}

const VIETNAMESE_LETTERS = "àáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ";

/**
 * Latin-script languages with large chat audiences. Every extra language is another way for a
 * six-letter message to be misread, so the list stays short and only LATIN_PREFERRED is picked from
 * freely.
 */
const LATIN: ScriptModel = {
  script: "latin",
  fallback: "en",
  languages: {
    en: "", // English chat has no diacritics worth trusting ("café" is rare)
    es: "áéíóúñü",
    fr: "àâæçéèêëîïôœùûüÿ",
    de: "äöüßé",
    it: "àèéìíîòóùú",
    pt: "áâãàçéêíóôõúü",
    id: "é",
    tl: "ñ",
    vi: VIETNAMESE_LETTERS,
    nl: "éëïöüèáó",
    tr: "çğıöşüâîû",
    pl: "ąćęłńóśźż",
    sv: "åäöé",
    da: "æøåé",
    fi: "äöå",
    cs: "áčďéěíňóřšťúůýž",
    ro: "ăâîșțşţ",
    hu: "áéíóöőúüű",
  },
};

/**
 * Latin-script languages chosen between by default: those Papago translates (en es fr de it id vi)
 * plus Portuguese. The others in LATIN are named only when tinyld is sure, so a Polish message is
 * "pl" rather than a confident "it", while "grazie" is not lost to Polish.
 */
const LATIN_PREFERRED: readonly string[] = ["en", "es", "fr", "de", "it", "pt", "id", "vi"];
/** A non-preferred Latin language must score this much to be named. */
const OTHER_LATIN_CONFIDENCE = 0.6;
/** When tinyld leans to a non-preferred language without being sure, the preferred pick gets at most this. */
const CONTESTED_CONFIDENCE = 0.35;

/** Cyrillic is Russian unless the letters or tinyld say otherwise (і ї є ґ, ў, ђ ћ џ, ә қ ң...). */
const CYRILLIC: ScriptModel = {
  script: "cyrillic",
  fallback: "ru",
  languages: {
    ru: "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    uk: "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    be: "абвгдеёжзійклмнопрстуўфхцчшыьэюя",
    bg: "абвгдежзийклмнопрстуфхцчшщъьюя",
    sr: "абвгдђежзијклљмнњопрстћуфхцчџш",
    mk: "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
    kk: "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
  },
};

const ARABIC: ScriptModel = {
  script: "arabic",
  fallback: "ar",
  languages: {
    ar: null,
    fa: null,
    ur: null,
  },
};

/**
 * Scripts written by one language only (for chat purposes): the script is the answer. Devanagari is
 * also Marathi and Nepali, which tinyld does not know, so Hindi is only likely (see LESS_SURE).
 */
const SINGLE_LANGUAGE_SCRIPTS: ReadonlyArray<
  readonly [from: number, to: number, language: string]
> = [
  [0x0900, 0x097f, "hi"],
  [0x0370, 0x03ff, "el"],
  [0x1f00, 0x1fff, "el"],
  [0x0530, 0x058f, "hy"],
  [0x0590, 0x05ff, "he"],
  [0x0980, 0x09ff, "bn"],
  [0x0a00, 0x0a7f, "pa"],
  [0x0a80, 0x0aff, "gu"],
  [0x0b00, 0x0b7f, "or"],
  [0x0b80, 0x0bff, "ta"],
  [0x0c00, 0x0c7f, "te"],
  [0x0c80, 0x0cff, "kn"],
  [0x0d00, 0x0d7f, "ml"],
  [0x0d80, 0x0dff, "si"],
  [0x0e80, 0x0eff, "lo"],
  [0x0f00, 0x0fff, "bo"],
  [0x1000, 0x109f, "my"],
  [0x10a0, 0x10ff, "ka"],
  [0x1200, 0x139f, "am"],
  [0x1780, 0x17ff, "km"],
];

/** Languages whose script is shared with others tinyld cannot tell apart (Devanagari, Bengali). */
const LESS_SURE: ReadonlySet<string> = new Set(["hi", "bn"]);

/** The script of a letter, or for a script written by one language, that language's code. */
function scriptOf(code: number): string {
  if (code < 0x0250) return "latin"; // ASCII letters, Latin-1, Latin Extended-A/B
  if (code >= 0x1e00 && code <= 0x1eff) return "latin"; // Latin Extended Additional (Vietnamese)
  if (code >= 0x0400 && code <= 0x052f) return "cyrillic";
  if (code >= 0xac00 && code <= 0xd7ff) return "hangul";
  if ((code >= 0x1100 && code <= 0x11ff) || (code >= 0x3130 && code <= 0x318f)) return "hangul";
  if (code >= 0xa960 && code <= 0xa97f) return "hangul";
  if ((code >= 0x3040 && code <= 0x30ff) || (code >= 0x31f0 && code <= 0x31ff)) return "kana";
  if (code >= 0xff66 && code <= 0xff9f) return "kana"; // halfwidth katakana
  if (code >= 0xffa0 && code <= 0xffdc) return "hangul"; // halfwidth Hangul
  if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)) return "han";
  if ((code >= 0xf900 && code <= 0xfaff) || (code >= 0x20000 && code <= 0x3ffff)) return "han";
  if (code === 0x3005 || code === 0x3007) return "han"; // 々 〇
  if ((code >= 0x3100 && code <= 0x312f) || (code >= 0x31a0 && code <= 0x31bf)) return "han"; // Bopomofo
  if (code >= 0x0e00 && code <= 0x0e7f) return "thai";
  if ((code >= 0x0600 && code <= 0x06ff) || (code >= 0x0750 && code <= 0x077f)) return "arabic";
  if ((code >= 0x08a0 && code <= 0x08ff) || (code >= 0xfb50 && code <= 0xfeff)) return "arabic";
  for (const [from, to, language] of SINGLE_LANGUAGE_SCRIPTS) {
    if (code >= from && code <= to) return language;
  }
  if (code >= 0x0250 && code <= 0x02af) return "latin"; // IPA extensions
  return "other";
}

/**
 * How much one letter says: a Hangul syllable or a Han character carries about as much as a short
 * Latin word, so "오늘 meeting 몇시야?" counts as Korean.
 */
function weightOf(script: string): number {
  return script === "hangul" || script === "kana" || script === "han" ? 3 : 1;
}

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

interface ScriptCount {
  weights: Map<string, number>;
  letters: number;
}

function countScripts(content: string): ScriptCount {
  const weights = new Map<string, number>();
  let letters = 0;
  for (const char of content) {
    const code = char.codePointAt(0) ?? 0;
    if (code === 0x20 || code === 0x27 || code === 0x2d) continue; // space ' -
    // Combining marks belong to the letter before them; only base letters are counted.
    if (/\p{M}/u.test(char)) continue;
    const script = scriptOf(code);
    weights.set(script, (weights.get(script) ?? 0) + weightOf(script));
    letters++;
  }
  return { weights, letters };
}

/** 0..1: how much of the message's weight the winning script has; mixed-script text is less certain. */
function shareOf(weight: number, total: number): number {
  return total === 0 ? 0 : weight / total;
}

function round(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
}

/**
 * The languages of a model whose alphabet covers every letter of the text that is in the model's
 * script and beyond a-z (Latin words inside a Cyrillic message say nothing about Cyrillic languages).
 */
function candidatesFor(
  model: ScriptModel,
  content: string,
  among: readonly string[] = Object.keys(model.languages),
): string[] {
  const all = [...among];
  const special = new Set<string>();
  for (const char of content.toLowerCase()) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80 || scriptOf(code) !== model.script || /\p{M}/u.test(char)) continue;
    special.add(char);
  }
  if (special.size === 0) return all;
  const fitting = all.filter((language) => {
    const alphabet = model.languages[language];
    if (alphabet === undefined || alphabet === null) return true;
    for (const char of special) if (!alphabet.includes(char)) return false;
    return true;
  });
  // A typo or a foreign name can rule out every language; then the letters say nothing.
  return fitting.length === 0 ? all : fitting;
}

interface Scored extends Detection {
  /** tinyld matched something only one candidate writes, or the letters left one candidate. */
  certain: boolean;
}

/**
 * tinyld among the candidates. Its scores are relative, so confidence comes from how far the winner is
 * ahead of the runner-up and how many letters there were to go on.
 */
function detectWithin(
  model: ScriptModel,
  content: string,
  letters: number,
  among?: readonly string[],
): Scored {
  const candidates = candidatesFor(model, content, among);
  if (candidates.length === 1) {
    const confidence = round(0.5 + Math.min(letters, 20) / 50);
    return { language: candidates[0], confidence, certain: true };
  }
  const [first, second] = detectAll(content, { only: candidates });
  if (first === undefined) {
    const fallback = candidates.includes(model.fallback) ? model.fallback : candidates[0];
    return { language: fallback, confidence: round(0.1 + 0.2 / candidates.length), certain: false };
  }
  // tinyld scores 1 with no runner-up when it matched a word or n-gram unique to one language.
  const margin = second === undefined ? 1 : (first.accuracy - second.accuracy) / first.accuracy;
  const length = Math.min(1, letters / 24);
  const strength = Math.min(1, first.accuracy * 4);
  return {
    language: first.lang,
    confidence: round(0.15 + 0.8 * margin * (0.35 + 0.65 * length) * (0.5 + 0.5 * strength)),
    certain: first.accuracy >= 0.5 && margin >= 0.5,
  };
}

function detection({ language, confidence }: Detection): Detection {
  return { language, confidence };
}

/** Latin script: the preferred languages, unless tinyld is sure of another one (see LATIN_PREFERRED). */
function detectLatin(content: string, letters: number): Detection {
  const broad = detectWithin(LATIN, content, letters);
  const other = broad.language !== undefined && !LATIN_PREFERRED.includes(broad.language);
  if (!other || broad.confidence >= OTHER_LATIN_CONFIDENCE) return detection(broad);
  // Unsure, and leaning to a language outside the preferred ones: pick among those, but say it is a guess.
  const preferred = detectWithin(LATIN, content, letters, LATIN_PREFERRED);
  return {
    language: preferred.language,
    confidence: Math.min(preferred.confidence, CONTESTED_CONFIDENCE),
  };
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
    case "latin": {
      if (/[ơư\u1ea0-\u1ef9]/u.test(content.toLowerCase())) {
        // Horn letters and tone-marked vowels are Vietnamese only.
        return { language: "vi", confidence: round(0.97 * (0.6 + 0.4 * share)) };
      }
      const found = detectLatin(content, letters);
      return { ...found, confidence: round(found.confidence * (0.6 + 0.4 * share)) };
    }
    case "cyrillic": {
      // Russian unless the letters rule it out (і ї є ґ ў ђ...) or tinyld is sure of another language.
      const found = detectWithin(CYRILLIC, content, letters);
      const russian =
        found.language === "ru" ||
        (!found.certain && candidatesFor(CYRILLIC, content).includes("ru"));
      if (russian) return { language: "ru", confidence: round(0.8 * (0.6 + 0.4 * share)) };
      return atLeast(found, 0.7, share);
    }
    case "arabic":
      return atLeast(detectWithin(ARABIC, content, letters), 0.6, share);
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

/**
 * Within Cyrillic or Arabic script the choice is between few, distinct languages with a sound default,
 * so a low tinyld margin does not make the answer a coin toss: keep at least `floor`.
 */
function atLeast(found: Detection, floor: number, share: number): Detection {
  return {
    language: found.language,
    confidence: round(Math.max(floor, found.confidence) * (0.6 + 0.4 * share)),
  };
}
