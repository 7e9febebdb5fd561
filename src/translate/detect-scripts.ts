// Which writing system each letter of a message belongs to, and how much of the message each one
// holds. A script written by one language (Hangul, kana, Thai, Greek...) is the answer by itself;
// Latin, Cyrillic and Arabic are shared, and detect-within-script.ts chooses among their languages.

/** Scripts the n-grams or a rule look into; a script of one language is named by it instead. */
export type Script = "latin" | "cyrillic" | "hangul" | "kana" | "han" | "thai" | "arabic" | "other";

/**
 * Scripts written by one language only (for chat purposes): the script is the answer. Devanagari is
 * also Marathi and Nepali, which are not told apart, so Hindi is only likely (see LESS_SURE).
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

/** Languages whose script is shared with others that are not told apart (Devanagari, Bengali). */
export const LESS_SURE: ReadonlySet<string> = new Set(["hi", "bn"]);

/** The script of a letter, or for a script written by one language, that language's code. */
export function scriptOf(code: number): string {
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

export interface ScriptCount {
  weights: Map<string, number>;
  letters: number;
}

/** Each script's weight in the text (see weightOf), and how many letters there are. */
export function countScripts(content: string): ScriptCount {
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
export function shareOf(weight: number, total: number): number {
  return total === 0 ? 0 : weight / total;
}

/** A confidence: clamped to 0..1, three decimals. */
export function round(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
}
