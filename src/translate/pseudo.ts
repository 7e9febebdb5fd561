// A fake translator for running the bot without keys: it marks the text with the direction it was
// asked for, so that everything around translation can be tried out (and tested) offline.
import type { TranslateRequest, TranslateResult, Translator } from "./types.js";

export function createPseudoTranslator(): Translator {
  return {
    name: "pseudo",
    real: false,
    translate(request: TranslateRequest): Promise<TranslateResult> {
      return Promise.resolve({
        text: `[${request.source}→${request.target}] ${request.text}`,
        source: request.source,
        target: request.target,
        provider: "pseudo",
      });
    },
  };
}
