// Formal or informal address (TranslateRequest.formality): where a translator can honour it, and
// where a TRANSLATOR chain can. A preference, never a requirement: a provider that cannot honour it
// in a target translates as usual.
import type { Translator } from "./types.js";

/** The language part of a code, lowercased ("pt-BR" -> "pt"). */
const base = (code: string) => (code.split("-")[0] ?? code).toLowerCase();

/**
 * Whether `target` is among `targets` (babelgram's codes): the same code, or its language when the
 * list names the language alone ("pt" covers "pt-BR"; "pt-PT" does not cover "pt").
 */
export function formalityIn(targets: ReadonlySet<string> | undefined, target: string): boolean {
  if (targets === undefined) return false;
  const wanted = target.toLowerCase();
  for (const code of targets) {
    const listed = code.toLowerCase();
    if (listed === wanted || listed === base(wanted)) return true;
  }
  return false;
}

/** Whether the translator translates into `target` at all, as far as it says up front. */
function translatesInto(translator: Translator, target: string): boolean {
  const languages = translator.capabilities?.languages;
  return languages === undefined || languages.has(target) || languages.has(base(target));
}

/**
 * The targets in which a chain honours formality: those of each provider that no provider before
 * it translates into. The first provider able to translate into a language is the one that
 * normally answers; a later one only fills in when it fails, so its formality is not promised.
 * undefined when there are none.
 */
export function chainFormality(links: readonly Translator[]): ReadonlySet<string> | undefined {
  const targets = new Set<string>();
  links.forEach((link, index) => {
    for (const code of link.formality ?? []) {
      const earlier = links.slice(0, index);
      if (!earlier.some((before) => translatesInto(before, code))) targets.add(code);
    }
  });
  return targets.size === 0 ? undefined : targets;
}
