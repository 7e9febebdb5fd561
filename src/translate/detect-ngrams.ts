// tinyld's detectAll(text, { only }) (npm "tinyld", MIT), computed from the compact model that
// scripts/build-detect-model.mjs derives from tinyld's profiles (detect-model.generated.ts): the
// same answers for the languages babelgram tells apart within a script, without importing tinyld,
// whose whole 62-language model costs tens of MB of RSS, ~100 ms to decode and 578 KiB of bundle.
import {
  ALPHABET,
  ENTRY_COUNT,
  LANGUAGES,
  MULTIPLE_COUNT,
  MULTIPLES,
  UNIQUE_COUNT,
  UNIQUES,
  WEIGHTS,
} from "./detect-model.generated.js";

export interface LanguageScore {
  lang: string;
  /** Relative: near 1 / (letters per word) for a clear winner; 1 when a unique n-gram decided. */
  accuracy: number;
}

/** tinyld's n-gram sizes, how many candidates each word votes for, and the rounding of votes. */
const MAX_GRAM = 5;
const VOTERS_PER_WORD = 8;
const PRECISION = 1e4;

/**
 * N-grams by open addressing in typed arrays. A Map of ~20k short strings would add 1.5 MB of
 * heap (and several MB of RSS as V8 grows its heap for them), and each lookup would allocate a
 * substring.
 */
interface GramTable {
  mask: number;
  /** MAX_GRAM code units per slot. */
  units: Uint16Array;
  /** 0 for an empty slot. */
  lengths: Uint8Array;
  values: Int32Array;
}

interface Model {
  languages: readonly string[];
  /** N-gram as written to the one language that uses it. */
  uniques: GramTable;
  /** N-gram without diacritics to its entries: first entry * 32 + count. */
  multiples: GramTable;
  entryLanguage: Uint8Array;
  /** tinyld's weight times the n-gram's length; its contribution is a quarter of that. */
  entryWeight: Uint16Array;
}

function createTable(count: number): GramTable {
  let size = 1024;
  while (size < count * 1.5) size *= 2;
  return {
    mask: size - 1,
    units: new Uint16Array(size * MAX_GRAM),
    lengths: new Uint8Array(size),
    values: new Int32Array(size),
  };
}

/** FNV-1a, one code unit at a time. */
const mix = (hash: number, unit: number) => Math.imul(hash ^ unit, 0x01000193);
const HASH_START = 0x811c9dc5;

function insert(table: GramTable, units: readonly number[], length: number, value: number): void {
  let hash = HASH_START;
  for (let i = 0; i < length; i++) hash = mix(hash, units[i] ?? 0);
  let slot = hash & table.mask;
  while (table.lengths[slot] !== 0) slot = (slot + 1) & table.mask;
  table.lengths[slot] = length;
  for (let i = 0; i < length; i++) table.units[slot * MAX_GRAM + i] = units[i] ?? 0;
  table.values[slot] = value;
}

/** The value of text.slice(start, end) in the table, or -1; allocates nothing. */
function find(table: GramTable, text: string, start: number, end: number): number {
  let hash = HASH_START;
  for (let i = start; i < end; i++) hash = mix(hash, text.charCodeAt(i));
  const length = end - start;
  for (let slot = hash & table.mask; ; slot = (slot + 1) & table.mask) {
    const stored = table.lengths[slot] ?? 0;
    if (stored === 0) return -1;
    if (stored !== length) continue;
    let same = 0;
    const base = slot * MAX_GRAM;
    while (same < length && table.units[base + same] === text.charCodeAt(start + same)) same++;
    if (same === length) return table.values[slot] ?? -1;
  }
}

let model: Model | undefined;

/** Decodes the model on first use (see scripts/build-detect-model.mjs for the encoding). */
function loadModel(): Model {
  if (model !== undefined) return model;
  const codes = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) codes[ALPHABET.charCodeAt(i)] = i;
  const code = (line: string, at: number) => codes[line.charCodeAt(at)] ?? -1;
  const languages = LANGUAGES.split(" ");
  const gram: number[] = new Array<number>(MAX_GRAM).fill(0);
  /** Reads the front-coded n-gram at `at` into `gram`; answers where the next field starts. */
  const readGram = (line: string, at: number, length: number) => {
    for (let i = code(line, at); i < length; i++) gram[i] = line.charCodeAt(++at);
    return at + 1;
  };

  const uniques = createTable(UNIQUE_COUNT);
  for (const line of UNIQUES) {
    const language = languages.indexOf(line.slice(0, 2));
    const length = Number(line[2]);
    for (let at = 3; at < line.length;) {
      at = readGram(line, at, length);
      insert(uniques, gram, length, language);
    }
  }

  const multiples = createTable(MULTIPLE_COUNT);
  const entryLanguage = new Uint8Array(ENTRY_COUNT);
  const entryWeight = new Uint16Array(ENTRY_COUNT);
  let entries = 0;
  for (const line of MULTIPLES) {
    const length = Number(line[0]);
    for (let at = 1; at < line.length;) {
      at = readGram(line, at, length);
      const first = entries;
      for (let last = false; !last; at += 2) {
        const language = code(line, at);
        last = language >= languages.length;
        entryLanguage[entries] = last ? language - languages.length : language;
        entryWeight[entries] = (WEIGHTS[code(line, at + 1)] ?? 0) * length;
        entries++;
      }
      insert(multiples, gram, length, first * 32 + entries - first);
    }
  }
  model = { languages, uniques, multiples, entryLanguage, entryWeight };
  return model;
}

/**
 * Latin and Cyrillic, the scripts with weighted n-grams, lie below this. Only their units are cached,
 * so that text in other scripts cannot grow the cache to every UTF-16 unit.
 */
const CACHED_BELOW = 0x2000;
const strippedUnits = new Map<number, string>();

/** A UTF-16 unit as tinyld looks it up among weighted n-grams: NFD without U+0300-U+036F. */
function stripped(unit: number): string {
  let result = strippedUnits.get(unit);
  if (result === undefined) {
    result = String.fromCharCode(unit)
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/gu, "");
    if (unit < CACHED_BELOW) strippedUnits.set(unit, result);
  }
  return result;
}

/** The first unique n-gram of a candidate: shortest size first, then in text order, as tinyld. */
function uniqueLanguage({ uniques }: Model, text: string, candidate: Uint8Array): number {
  const padded = ` ${text} `;
  for (let size = 1; size <= MAX_GRAM; size++) {
    // Single letters are taken without the padding, and never a space alone.
    const [from, to] = size === 1 ? [1, padded.length - 1] : [0, padded.length];
    for (let at = from; at + size <= to; at++) {
      if (size === 1 && padded.charCodeAt(at) === 0x20) continue;
      const language = find(uniques, padded, at, at + size);
      if (language >= 0 && candidate[language] === 1) return language;
    }
  }
  return -1;
}

/** Adds a word's weighted n-grams (diacritics stripped) to each language's score. */
function scoreWord(model: Model, word: string, scores: Float64Array): void {
  const padded = ` ${word} `;
  let key = padded;
  // offsets[i]: where unit i of `padded` starts in `key`. Below U+00C0 nothing decomposes.
  let offsets: Int32Array | undefined;
  if (/[\u00c0-\uffff]/u.test(padded)) {
    offsets = new Int32Array(padded.length + 1);
    key = "";
    for (let i = 0; i < padded.length; i++) {
      offsets[i] = key.length;
      key += stripped(padded.charCodeAt(i));
    }
    offsets[padded.length] = key.length;
  }
  for (let size = 1; size <= MAX_GRAM; size++) {
    const [from, to] = size === 1 ? [1, padded.length - 1] : [0, padded.length];
    for (let at = from; at + size <= to; at++) {
      const [start, end] =
        offsets === undefined ? [at, at + size] : [offsets[at] ?? 0, offsets[at + size] ?? 0];
      const found = find(model.multiples, key, start, end);
      if (found < 0) continue;
      for (let entry = found >> 5, stop = entry + (found & 31); entry < stop; entry++) {
        const language = model.entryLanguage[entry] ?? 0;
        scores[language] = (scores[language] ?? 0) + (model.entryWeight[entry] ?? 0) / 4;
      }
    }
  }
}

/**
 * tinyld's detectAll(text, { only }) among the model's languages (others in `only` are ignored),
 * best first, [] when nothing matched. A unique n-gram of a candidate decides alone: one result,
 * accuracy 1. Otherwise each word gives its VOTERS_PER_WORD best candidates score / best score,
 * and accuracy is the sum over words divided by the text's length in letters. `text` is expected
 * as letterContent leaves it (letters, marks, spaces, apostrophes, hyphens): tinyld would also
 * split text at punctuation and weigh the pieces separately.
 */
export function detectAll(
  text: string,
  { only = [] }: { only?: readonly string[] } = {},
): LanguageScore[] {
  const chunk = text.toLowerCase().replace(/\s+/gu, " ").trim();
  if (chunk === "") return [];
  const current = loadModel();
  const { languages } = current;
  const candidate = new Uint8Array(languages.length);
  for (const language of only) {
    const index = languages.indexOf(language);
    if (index >= 0) candidate[index] = 1;
  }
  if (only.length === 0) candidate.fill(1);
  // In tinyld's order, which breaks ties between equal scores.
  const candidates = languages.map((_, index) => index).filter((index) => candidate[index] === 1);
  if (candidates.length === 0) return [];

  const unique = uniqueLanguage(current, chunk, candidate);
  if (unique >= 0) return [{ lang: languages[unique] ?? "", accuracy: 1 }];

  const totals = new Float64Array(languages.length);
  const scores = new Float64Array(languages.length);
  const score = (index: number) => scores[index] ?? 0;
  // The order in which languages first got a vote, which tinyld's result object keeps.
  const voted: number[] = [];
  let letters = 0;
  for (const word of chunk.split(" ")) {
    scores.fill(0);
    scoreWord(current, word, scores);
    const ranked = [...candidates].sort((a, b) => score(b) - score(a));
    const best = score(ranked[0] ?? 0) || 1;
    for (const index of ranked.slice(0, VOTERS_PER_WORD)) {
      if (!voted.includes(index)) voted.push(index);
      const vote = 1 - Math.round(((best - score(index)) / best) * PRECISION) / PRECISION;
      totals[index] = (totals[index] ?? 0) + vote;
    }
    letters += word.length;
  }
  return voted
    .filter((index) => (totals[index] ?? 0) > 0)
    .sort((a, b) => (totals[b] ?? 0) - (totals[a] ?? 0))
    .map((index) => ({ lang: languages[index] ?? "", accuracy: (totals[index] ?? 0) / letters }));
}
