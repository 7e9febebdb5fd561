// The n-gram scorer against tinyld itself, whose profiles its model is cut down from (tinyld is
// for this test and scripts/build-detect-model.mjs only; babelgram never loads it).
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { detectAll as tinyldDetectAll } from "tinyld";
import { describe, expect, it } from "vitest";
import { LANGUAGES } from "./detect-model.generated.js";
import { detectAll } from "./detect-ngrams.js";

const LATIN = ["en", "es", "fr", "de", "it", "pt", "id", "tl", "vi", "nl"];
const LATIN_MORE = ["tr", "pl", "sv", "da", "fi", "cs", "ro", "hu"];
const CYRILLIC = ["ru", "uk", "be", "bg", "sr", "mk", "kk"];
const ARABIC = ["ar", "fa", "ur"];

/** Written for this test (not the detection fixture), one per language, plus short ones. */
const SENTENCES: ReadonlyArray<readonly [text: string, only: readonly string[]]> = [
  ["see you at the station tomorrow morning", [...LATIN, ...LATIN_MORE]],
  ["nos vemos mañana en la estación", [...LATIN, ...LATIN_MORE]],
  ["on se retrouve demain à la gare", [...LATIN, ...LATIN_MORE]],
  ["wir sehen uns morgen am bahnhof", [...LATIN, ...LATIN_MORE]],
  ["ci vediamo domani alla stazione", [...LATIN, ...LATIN_MORE]],
  ["a gente se vê amanhã na estação", [...LATIN, ...LATIN_MORE]],
  ["sampai jumpa besok di stasiun", [...LATIN, ...LATIN_MORE]],
  ["tot morgen op het station", [...LATIN, ...LATIN_MORE]],
  ["do zobaczenia jutro na dworcu", [...LATIN, ...LATIN_MORE]],
  ["nähdään huomenna asemalla", [...LATIN, ...LATIN_MORE]],
  ["uvidíme se zítra na nádraží", [...LATIN, ...LATIN_MORE]],
  ["ne vedem mâine la gară", [...LATIN, ...LATIN_MORE]],
  ["holnap találkozunk az állomáson", [...LATIN, ...LATIN_MORE]],
  ["yarın istasyonda görüşürüz", [...LATIN, ...LATIN_MORE]],
  ["the", LATIN],
  ["hello", LATIN],
  ["увидимся завтра на вокзале", CYRILLIC],
  ["побачимося завтра на вокзалі", CYRILLIC],
  ["убачымся заўтра на вакзале", CYRILLIC],
  ["ще се видим утре на гарата", CYRILLIC],
  ["видимо се сутра на станици", CYRILLIC],
  ["ќе се видиме утре на станица", CYRILLIC],
  ["ертең вокзалда кездесеміз", CYRILLIC],
  ["привет", CYRILLIC],
  ["نراك غدا في المحطة", ARABIC],
  ["فردا در ایستگاه می‌بینمت", ARABIC],
  ["کل اسٹیشن پر ملتے ہیں", ARABIC],
];

describe("detectAll", () => {
  it("ranks languages as tinyld does, its scores within the model's rounding of weights", () => {
    for (const [text, only] of SENTENCES) {
      const expected = tinyldDetectAll(text, { only: [...only] });
      const got = detectAll(text, { only });
      expect(got.length > 0, text).toBe(expected.length > 0);
      expect(got[0]?.lang, text).toBe(expected[0]?.lang);
      expect(got[0]?.accuracy, text).toBeCloseTo(expected[0]?.accuracy ?? 0, 2);
      expect(got[1]?.lang, text).toBe(expected[1]?.lang);
    }
  });

  it("lets an n-gram that only one candidate writes decide alone, with accuracy 1", () => {
    expect(detectAll("побачимося завтра на вокзалі", { only: CYRILLIC })).toEqual([
      { lang: "uk", accuracy: 1 },
    ]);
    expect(detectAll("Wir  Sehen\tUns", { only: ["de", "nl"] })).toEqual([
      { lang: "de", accuracy: 1 },
    ]);
    // Not a candidate: its unique n-grams say nothing, and the others are scored.
    const others = detectAll("побачимося завтра на вокзалі", { only: ["ru", "be"] });
    expect(others.map(({ lang }) => lang)).toEqual(["be", "ru"]);
    expect(others[0]?.accuracy).toBeLessThan(0.5);
  });

  it("is empty when nothing matches", () => {
    expect(detectAll("", { only: LATIN })).toEqual([]);
    expect(detectAll("   ", { only: LATIN })).toEqual([]);
    expect(detectAll("ok", { only: LATIN })).toEqual([]);
    expect(detectAll("hello", { only: ARABIC })).toEqual([]);
  });

  it("ignores candidates outside its model", () => {
    expect(detectAll("hello", { only: ["xx", "en", "it"] })).toEqual(
      detectAll("hello", { only: ["en", "it"] }),
    );
    expect(detectAll("hello", { only: ["xx"] })).toEqual([]);
  });
});

describe("the generated model", () => {
  it("holds every language detect-within-script.ts chooses among", () => {
    expect(LANGUAGES.split(" ").sort()).toEqual(
      [...LATIN, ...LATIN_MORE, ...CYRILLIC, ...ARABIC].sort(),
    );
  });

  it("is what scripts/build-detect-model.mjs makes of the installed tinyld, in budget", () => {
    const root = new URL("../../", import.meta.url);
    execFileSync(process.execPath, ["scripts/build-detect-model.mjs", "--check"], {
      cwd: root,
      stdio: "pipe",
    });
    const size = statSync(new URL("src/translate/detect-model.generated.ts", root)).size;
    expect(size).toBeLessThanOrEqual(150_000);
  });
});
