// The labeled detection set (test/fixtures/detection/messages.tsv: `lang<TAB>text`, `#` comments),
// shared by the accuracy test and bench:detect so both measure exactly the same thing.
import { readFileSync } from "node:fs";

const FIXTURE = new URL("../fixtures/detection/messages.tsv", import.meta.url);

export interface Sample {
  language: string;
  text: string;
}

export function loadDetectionSamples(): Sample[] {
  const samples: Sample[] = [];
  for (const line of readFileSync(FIXTURE, "utf8").split("\n")) {
    if (line.trim() === "" || line.startsWith("#")) continue;
    const tab = line.indexOf("\t");
    if (tab < 0) throw new Error(`no tab in fixture line: ${line}`);
    samples.push({ language: line.slice(0, tab), text: line.slice(tab + 1) });
  }
  return samples;
}
