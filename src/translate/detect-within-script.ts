// Languages that share a script (Latin, Cyrillic, Arabic), told apart by the letters each one
// writes and by n-grams (detect-ngrams.ts: tinyld's detectAll over a model cut down from tinyld's
// profiles to these languages, decoded on first use, so a cold start that needs none skips it).
import { detectAll } from "./detect-ngrams.js";
import type { Detection } from "./detect.js";
import { round, scriptOf, type Script } from "./detect-scripts.js";

/**
 * Languages the n-grams choose among for a script, the one to fall back on when they have no
 * opinion, and the letters beyond a-z each language writes (lowercase, NFC). A text with a letter a
 * language does not use rules that language out, so "desculpa tô atrasado" cannot be Spanish.
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
 * plus Portuguese. The others in LATIN are named only when the n-grams are sure, so a Polish
 * message is "pl" rather than a confident "it", while "grazie" is not lost to Polish.
 */
const LATIN_PREFERRED: readonly string[] = ["en", "es", "fr", "de", "it", "pt", "id", "vi"];
/** A non-preferred Latin language must score this much to be named. */
const OTHER_LATIN_CONFIDENCE = 0.6;
/**
 * When the n-grams lean to a non-preferred language without being sure, the preferred pick gets at
 * most this.
 */
const CONTESTED_CONFIDENCE = 0.35;

/** Cyrillic: Russian unless the letters or n-grams say otherwise (і ї є ґ, ў, ђ ћ џ, ә қ ң...). */
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
  /** An n-gram matched that only one candidate writes, or the letters left one candidate. */
  certain: boolean;
}

/**
 * The n-grams' scores among the candidates. They are relative, so confidence comes from how far the
 * winner is ahead of the runner-up and how many letters there were to go on.
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
  // Score 1 with no runner-up: an n-gram unique to one language matched (see detect-ngrams.ts).
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

/** The preferred Latin languages, unless the n-grams are sure of another (see LATIN_PREFERRED). */
function chooseLatin(content: string, letters: number): Detection {
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

/** Latin script: Vietnamese by its letters, else the language chooseLatin picks. */
export function detectLatin(content: string, letters: number, share: number): Detection {
  if (/[ơư\u1ea0-\u1ef9]/u.test(content.toLowerCase())) {
    // Horn letters and tone-marked vowels are Vietnamese only.
    return { language: "vi", confidence: round(0.97 * (0.6 + 0.4 * share)) };
  }
  const found = chooseLatin(content, letters);
  return { ...found, confidence: round(found.confidence * (0.6 + 0.4 * share)) };
}

/** Russian unless the letters rule it out (і ї є ґ ў ђ...) or the n-grams are sure of another. */
export function detectCyrillic(content: string, letters: number, share: number): Detection {
  const found = detectWithin(CYRILLIC, content, letters);
  const russian =
    found.language === "ru" || (!found.certain && candidatesFor(CYRILLIC, content).includes("ru"));
  if (russian) return { language: "ru", confidence: round(0.8 * (0.6 + 0.4 * share)) };
  return atLeast(found, 0.7, share);
}

/** Arabic script: Arabic unless the n-grams find Persian or Urdu. */
export function detectArabic(content: string, letters: number, share: number): Detection {
  return atLeast(detectWithin(ARABIC, content, letters), 0.6, share);
}

/**
 * Within Cyrillic or Arabic script the choice is between few, distinct languages with a sound default,
 * so a low n-gram margin does not make the answer a coin toss: keep at least `floor`.
 */
function atLeast(found: Detection, floor: number, share: number): Detection {
  return {
    language: found.language,
    confidence: round(Math.max(floor, found.confidence) * (0.6 + 0.4 * share)),
  };
}
