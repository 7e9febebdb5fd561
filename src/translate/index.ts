// Builds the translator named first in TRANSLATOR. Each provider lives in its own file behind the
// Translator interface (types.ts); falling back along the list comes with more providers.
import type { Config } from "../config.js";
import { createPapagoTranslator } from "./papago.js";
import { createPseudoTranslator } from "./pseudo.js";
import type { Translator } from "./types.js";

export type { TranslateRequest, TranslateResult, Translator } from "./types.js";

export function createTranslator(config: Pick<Config, "translators" | "papago">): Translator {
  const [first] = config.translators;
  if (first === "papago" && config.papago !== undefined)
    return createPapagoTranslator(config.papago);
  return createPseudoTranslator();
}
