// Builds src/translate/detect-model.generated.ts, the n-gram model that
// src/translate/detect-ngrams.ts scores with, from tinyld's language profiles (npm "tinyld", MIT).
// Run by hand after changing the languages below or upgrading tinyld, and commit the result:
//
//   node scripts/build-detect-model.mjs [--budget 150000] [--check]
//
// --budget: most bytes the generated file may take (default 150000; it goes into the Lambda bundle
// as is). --check: build in memory and fail if the committed file differs (nothing is written).
//
// Why not tinyld itself: importing it decodes its whole 62-language model (tens of MB of RSS,
// ~100 ms, 578 KiB of bundle), while babelgram consults it only to choose among the languages of
// one script.
//
// What tinyld's detectAll(text, { only }) does (dist/tinyld.normal.node.js, version 1.3.4), which
// the scorer reproduces:
// 1. "Unique" n-grams (1 to 5 UTF-16 units, the text padded with one space each side), shortest
//    size first, in text order: the first that belongs to a language in `only` decides, accuracy 1.
// 2. Otherwise each word scores every candidate: for its n-grams (1 to 5, padded), diacritics
//    stripped (NFD without U+0300-U+036F), sum weight * length / 4 from the "multiples" profile.
//    The 8 best candidates get score / best (rounded to 4 decimals), summed over words and divided
//    by the text's length in letters.
// This build keeps, for the languages below, only what can change that answer:
// - uniques and multiples of those languages, written in the language's script (Cyrillic languages
//   may mix in Latin letters, as in Kazakh typed with a Latin "i"), lowercase, NFC, and made of
//   letters, marks, spaces, apostrophes and hyphens, the only characters src/translate/detect.ts
//   leaves;
// - multiples whose n-gram is already diacritic-free (tinyld looks them up stripped, so the others
//   are never found);
// - weights (1..1024) rounded to one of WEIGHTS.length levels, so each takes one character. Against
//   tinyld itself, on ~20k UI strings and chat sentences (not the test fixture), that changes the
//   top language in ~0.3% of calls, all near-ties; the unique n-gram decisions are all the same.
// If the file still exceeded the budget, the multiples entries that add the least (weight * length)
// would go first; uniques are never dropped, as each one alone decides a text.
//
// Encoding (ASCII apart from the n-grams themselves; a "code" is ALPHABET.indexOf(char)):
// - UNIQUES: one line per language and n-gram length: language code, length digit, then the
//   n-grams, sorted and front-coded: the code of how many leading characters each shares with the
//   previous one, then the rest.
// - MULTIPLES: one line per n-gram length: length digit, then front-coded n-grams as above, each
//   followed by its entries: (language code, weight code) pairs; the language code is its index in
//   LANGUAGES, plus LANGUAGES.length on the n-gram's last entry.
import { Buffer } from "node:buffer";
import console from "node:console";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as prettier from "prettier";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUTPUT = join(root, "src/translate/detect-model.generated.ts");

/** The languages src/translate/detect-within-script.ts chooses among, by their script. */
const SCRIPTS = {
  Latin: "en es fr de it pt id tl vi nl tr pl sv da fi cs ro hu",
  Cyrillic: "ru uk be bg sr mk kk",
  Arabic: "ar fa ur",
};

/** Printable ASCII but `"` and `\`, so the data needs no escapes in a string literal. */
const ALPHABET = [...Array(94)]
  .map((_, i) => String.fromCharCode(0x21 + i))
  .filter((char) => char !== '"' && char !== "\\")
  .join("");

const MAX_GRAM = 5;
const MAX_WEIGHT = 1024;

function loadTinyld() {
  const require = createRequire(join(root, "package.json"));
  const tinyld = require("tinyld");
  // The normal model (what `import "tinyld"` loads) is dist/tinyld.normal.node.js.
  const main = require.resolve("tinyld");
  const { version } = JSON.parse(readFileSync(join(dirname(main), "../package.json"), "utf8"));
  // The profiles are an object literal in the bundle, not an export: cut it out and evaluate it.
  const source = readFileSync(main, "utf8");
  const start = source.indexOf('{id:"tinyld-dict"');
  if (start < 0) throw new Error("tinyld's profiles not found: has its bundle changed?");
  let depth = 0;
  let quote = null;
  let end = start;
  for (; end < source.length; end++) {
    const char = source[end];
    if (quote !== null) {
      if (char === "\\") end++;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === "'" || char === "`") quote = char;
    else if (char === "{") depth++;
    else if (char === "}" && --depth === 0) break;
  }
  const profiles = new Function(`return ${source.slice(start, end + 1)}`)();
  // Profile ids are 1 + the index in supportedLanguages (ISO 639-3), in base 36.
  const languageOf = (id) => tinyld.toISO2(tinyld.supportedLanguages[parseInt(String(id), 36) - 1]);
  return { tinyld, version, profiles, languageOf };
}

function scriptOfLanguage(language) {
  for (const [script, languages] of Object.entries(SCRIPTS)) {
    if (languages.split(" ").includes(language)) return script;
  }
  return undefined;
}

/** Letters and marks of each script; Script_Extensions, so that tatweel and shared marks count. */
const SCRIPT_CHAR = Object.fromEntries(
  Object.keys(SCRIPTS).map((script) => [script, new RegExp(`\\p{scx=${script}}`, "u")]),
);

/** Whether an n-gram can occur in text that detect.ts passes on for languages of `script`. */
function fits(gram, script) {
  if (gram.toLowerCase() !== gram || gram.normalize("NFC") !== gram) return false;
  let owned = false;
  for (const char of gram) {
    if (char === " " || char === "'" || char === "-") continue;
    if (!/[\p{L}\p{M}]/u.test(char)) return false;
    if (SCRIPT_CHAR[script].test(char)) owned = true;
    // Cyrillic is sometimes typed with Latin look-alikes (Kazakh "i" for "і").
    else if (!(script === "Cyrillic" && SCRIPT_CHAR.Latin.test(char))) return false;
  }
  return owned;
}

const stripDiacritics = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/gu, "");

/**
 * ALPHABET.length weight levels: every integer up to where they are a few percent apart, then a
 * geometric series to MAX_WEIGHT, so a rounded weight is off by at most ~3%.
 */
function weightLevels() {
  const count = ALPHABET.length;
  const series = (ratio) => {
    const levels = [1];
    while (levels.length < count) {
      const last = levels[levels.length - 1];
      levels.push(Math.max(last + 1, Math.round(last * ratio)));
    }
    return levels;
  };
  let [low, high] = [1, 2];
  for (let i = 0; i < 60; i++) {
    const middle = (low + high) / 2;
    if (series(middle)[count - 1] > MAX_WEIGHT) high = middle;
    else low = middle;
  }
  const levels = series(low);
  levels[count - 1] = MAX_WEIGHT;
  return levels;
}

function nearestLevel(levels, weight) {
  let best = 0;
  for (let i = 1; i < levels.length; i++) {
    if (Math.abs(Math.log(levels[i] / weight)) < Math.abs(Math.log(levels[best] / weight)))
      best = i;
  }
  return best;
}

/** Sorted, front-coded n-grams of one length, each followed by extra(gram). */
function frontCoded(grams, extra = () => "") {
  let previous = "";
  let line = "";
  for (const gram of [...grams].sort()) {
    let shared = 0;
    while (shared < gram.length - 1 && gram[shared] === previous[shared]) shared++;
    line += ALPHABET[shared] + gram.slice(shared) + extra(gram);
    previous = gram;
  }
  return line;
}

/** The scorer keeps n-grams in fixed slots of MAX_GRAM UTF-16 units and a language in a byte. */
function checkGram(gram) {
  if (gram.length < 1 || gram.length > MAX_GRAM || /[\ud800-\udfff]/u.test(gram)) {
    throw new Error(`unexpected n-gram ${JSON.stringify(gram)}`);
  }
}

function buildModel({ profiles, languageOf }) {
  const uniques = new Map();
  for (const [gram, id] of Object.entries(profiles.uniques)) {
    const language = languageOf(id);
    const script = scriptOfLanguage(language);
    if (script === undefined || !fits(gram, script)) continue;
    checkGram(gram);
    uniques.set(gram, language);
  }
  const multiples = new Map();
  for (const [gram, packed] of Object.entries(profiles.multiples)) {
    if (stripDiacritics(gram) !== gram) continue;
    const entries = [];
    for (const pair of packed.match(/.{4}/gu) ?? []) {
      const language = languageOf(pair.slice(0, 2));
      const script = scriptOfLanguage(language);
      if (script === undefined || !fits(gram, script)) continue;
      entries.push({ language, weight: parseInt(pair.slice(2), 36) });
    }
    if (entries.length === 0) continue;
    checkGram(gram);
    multiples.set(gram, entries);
  }
  return { uniques, multiples };
}

function encode(model, tinyldLanguages, minContribution) {
  const levels = weightLevels();
  const used = new Set([...model.uniques.values()]);
  for (const entries of model.multiples.values())
    for (const { language } of entries) used.add(language);
  // tinyld's order, which breaks its ties.
  const languages = tinyldLanguages.filter((language) => used.has(language));
  const index = (language) => languages.indexOf(language);
  // A language code with its "last" flag must fit the alphabet, and a count of entries 5 bits.
  if (languages.length * 2 > ALPHABET.length || languages.length >= 32) {
    throw new Error(`too many languages for the encoding: ${languages.length}`);
  }

  const uniqueLines = [];
  for (const language of languages) {
    for (let length = 1; length <= MAX_GRAM; length++) {
      const grams = [...model.uniques]
        .filter(([gram, owner]) => owner === language && gram.length === length)
        .map(([gram]) => gram);
      if (grams.length > 0) uniqueLines.push(`${language}${length}${frontCoded(grams)}`);
    }
  }
  let entryCount = 0;
  let multipleCount = 0;
  const multipleLines = [];
  for (let length = 1; length <= MAX_GRAM; length++) {
    const kept = new Map();
    for (const [gram, entries] of model.multiples) {
      if (gram.length !== length) continue;
      const strong = entries
        .filter(({ weight }) => weight * length > minContribution)
        .sort((a, b) => index(a.language) - index(b.language));
      if (strong.length > 0) kept.set(gram, strong);
    }
    const line = frontCoded(kept.keys(), (gram) => {
      const entries = kept.get(gram);
      multipleCount++;
      entryCount += entries.length;
      return entries
        .map(({ language, weight }, i) => {
          const last = i === entries.length - 1 ? languages.length : 0;
          return ALPHABET[index(language) + last] + ALPHABET[nearestLevel(levels, weight)];
        })
        .join("");
    });
    if (line !== "") multipleLines.push(`${length}${line}`);
  }
  return {
    languages,
    levels,
    uniqueLines,
    multipleLines,
    uniqueCount: model.uniques.size,
    multipleCount,
    entryCount,
  };
}

async function render(encoded, version) {
  const strings = (lines) =>
    `[\n${lines.map((line) => `  ${JSON.stringify(line)},`).join("\n")}\n]`;
  const source = `// GENERATED by scripts/build-detect-model.mjs from tinyld ${version}'s language profiles
// (https://github.com/komodojp/tinyld, MIT License, Copyright (c) 2021 Komodo). Do not edit: rerun
// \`node scripts/build-detect-model.mjs\`. The encoding is described in that script; the scorer is
// src/translate/detect-ngrams.ts.

/** Codes of the languages below, space-separated, in tinyld's order (its tie-break). */
export const LANGUAGES = ${JSON.stringify(encoded.languages.join(" "))};

/** Characters that stand for the small integers of the encoding: code = ALPHABET.indexOf(char). */
export const ALPHABET = ${JSON.stringify(ALPHABET)};

/** tinyld's weight (1..${MAX_WEIGHT}) for each weight code. */
export const WEIGHTS: readonly number[] = [${encoded.levels.join(", ")}];

/** How many n-grams UNIQUES and MULTIPLES hold, and how many entries MULTIPLES has in all. */
export const UNIQUE_COUNT = ${encoded.uniqueCount};
export const MULTIPLE_COUNT = ${encoded.multipleCount};
export const ENTRY_COUNT = ${encoded.entryCount};

/** N-grams that only one language writes: language, length, front-coded n-grams. */
export const UNIQUES: readonly string[] = ${strings(encoded.uniqueLines)};

/** Weighted n-grams, diacritics stripped: length, then front-coded n-grams with their entries. */
export const MULTIPLES: readonly string[] = ${strings(encoded.multipleLines)};
`;
  const options = (await prettier.resolveConfig(OUTPUT)) ?? {};
  return prettier.format(source, { ...options, filepath: OUTPUT });
}

const { values } = parseArgs({
  options: { budget: { type: "string" }, check: { type: "boolean" } },
});
const budget = Number(values.budget ?? 150_000);
const loaded = loadTinyld();
const model = buildModel(loaded);
const tinyldLanguages = loaded.tinyld.supportedLanguages.map((code) => loaded.tinyld.toISO2(code));
const wanted = Object.values(SCRIPTS).flatMap((languages) => languages.split(" "));
const missing = wanted.filter((language) => !tinyldLanguages.includes(language));
if (missing.length > 0) throw new Error(`tinyld does not know ${missing.join(", ")}`);

let output;
let encoded;
let minContribution = 0;
const total = [...model.multiples.values()].reduce((sum, entries) => sum + entries.length, 0);
for (;;) {
  encoded = encode(model, tinyldLanguages, minContribution);
  output = await render(encoded, loaded.version);
  if (Buffer.byteLength(output) <= budget) break;
  if (encoded.entryCount === 0) throw new Error(`the unique n-grams alone exceed ${budget} bytes`);
  minContribution = minContribution === 0 ? 1 : Math.ceil(minContribution * 1.25);
}
const bytes = Buffer.byteLength(output);
console.log(
  `${OUTPUT}: ${bytes} bytes; ${encoded.languages.length} languages, ` +
    `${model.uniques.size} unique n-grams, ${encoded.entryCount}/${total} weighted entries` +
    (minContribution > 0 ? ` (those with weight * length <= ${minContribution} dropped)` : ""),
);
if (values.check) {
  const committed = readFileSync(OUTPUT, "utf8");
  if (committed !== output) {
    console.error("the committed model differs from what this build makes");
    process.exit(1);
  }
} else {
  writeFileSync(OUTPUT, output);
}
