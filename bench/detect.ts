// Accuracy and speed of the offline language detector on the hand-written chat fixture.
// Run: npx tsx bench/detect.ts (npm run bench:detect). Options: --passes N (default 20), --json.
import { performance } from "node:perf_hooks";
import {
  CONFIDENT_DETECTION as CONFIDENT,
  detectLanguage,
  type Detection,
} from "../src/translate/detect.js";
import { loadDetectionSamples, type Sample } from "../test/support/detection-samples.js";
import { JSON_OUTPUT, printReport } from "./support/processes.js";

function passesFromArgs(): number {
  const index = process.argv.indexOf("--passes");
  const value = index >= 0 ? Number(process.argv[index + 1]) : 20;
  return Number.isInteger(value) && value > 0 ? value : 20;
}

const samples = loadDetectionSamples();
const passes = passesFromArgs();

// Warm-up: first calls pay for the JIT and for decoding the n-gram model (detect-ngrams.ts).
for (let i = 0; i < 3; i++) for (const sample of samples) detectLanguage(sample.text);

const started = performance.now();
for (let i = 0; i < passes; i++) for (const sample of samples) detectLanguage(sample.text);
const microseconds = ((performance.now() - started) * 1000) / (passes * samples.length);

interface Row {
  count: number;
  correct: number;
  confident: number;
  confidenceSum: number;
}
const rows = new Map<string, Row>();
const misses: Array<{ sample: Sample; got: Detection }> = [];
let wrongButConfident = 0;
let rightButUnsure = 0;

for (const sample of samples) {
  const got = detectLanguage(sample.text);
  const row = rows.get(sample.language) ?? { count: 0, correct: 0, confident: 0, confidenceSum: 0 };
  row.count++;
  row.confidenceSum += got.confidence;
  if (got.confidence >= CONFIDENT) row.confident++;
  if (got.language === sample.language) {
    row.correct++;
    if (got.confidence < CONFIDENT) rightButUnsure++;
  } else {
    misses.push({ sample, got });
    if (got.confidence >= CONFIDENT) wrongButConfident++;
  }
  rows.set(sample.language, row);
}

const percent = (part: number, whole: number) =>
  whole === 0 ? "-" : `${((part / whole) * 100).toFixed(1)}%`;

const correct = samples.length - misses.length;
if (JSON_OUTPUT) {
  printReport({
    bench: "detect",
    meta: { messages: samples.length, languages: rows.size, passes },
    figures: {
      microsecondsPerMessage: microseconds,
      accuracy: correct / samples.length,
      wrongButConfident,
      rightButUnsure,
    },
  });
} else {
  console.log(`language detection: ${samples.length} messages, ${rows.size} languages\n`);
  console.log("lang  count  correct  accuracy  mean conf  conf>=0.5");
  const languages = [...rows.keys()].sort();
  for (const language of languages) {
    const row = rows.get(language);
    if (row === undefined) continue;
    console.log(
      [
        language.padEnd(4),
        String(row.count).padStart(5),
        String(row.correct).padStart(8),
        percent(row.correct, row.count).padStart(9),
        (row.confidenceSum / row.count).toFixed(2).padStart(10),
        percent(row.confident, row.count).padStart(10),
      ].join("  "),
    );
  }
  console.log(
    `\noverall accuracy: ${percent(correct, samples.length)} (${correct}/${samples.length})`,
  );
  console.log(
    `mean time per message: ${microseconds.toFixed(1)} µs (${passes} passes after a warm-up of 3)`,
  );
  console.log(
    `confidence: ${wrongButConfident}/${misses.length} misdetections at >= ${CONFIDENT}, ` +
      `${rightButUnsure}/${correct} correct ones below it (these go to the provider as "auto")`,
  );

  if (misses.length > 0) {
    console.log("\nmisdetections (expected -> got, confidence, text):");
    for (const { sample, got } of misses) {
      console.log(
        `  ${sample.language} -> ${got.language ?? "undefined"}  ${got.confidence.toFixed(2)}  ${JSON.stringify(sample.text)}`,
      );
    }
  }
}
