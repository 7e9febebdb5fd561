// Where the bot offers and asks for formality: BotDeps.formality (the translator's targets) against
// the languages a chat translates into.
import { describe, expect, it } from "vitest";
import {
  effectiveSettings,
  formalityAt,
  formalityFor,
  offersFormality,
  outputLanguages,
} from "./chat-settings.js";

const defaults = { home: "ko", foreign: "en" };
const pair = effectiveSettings({}, "private", defaults);

describe("formality in a chat", () => {
  it("knows the languages a chat translates into: a pair's two, and the targets", () => {
    expect(outputLanguages(pair)).toEqual(["ko", "en"]);
    const three = effectiveSettings(
      { languages: ["ko", "en", "ja"], targets: ["de"] },
      "group",
      defaults,
    );
    expect(outputLanguages(three)).toEqual(["de"]);
    const withTargets = effectiveSettings({ targets: ["ko", "fr"] }, "group", defaults);
    expect(outputLanguages(withTargets)).toEqual(["ko", "en", "fr"]);
  });

  it("is offered when the translator honours it in one of the chat's languages", () => {
    expect(offersFormality(new Set(["ko", "ja"]), pair)).toBe(true);
    expect(offersFormality(new Set(["de", "fr"]), pair)).toBe(false);
    const german = effectiveSettings({ languages: ["de", "ko"] }, "private", defaults);
    expect(offersFormality(new Set(["de", "fr"]), german)).toBe(true);
    expect(offersFormality(true, pair)).toBe(true);
    expect(offersFormality(false, pair)).toBe(false);
    expect(offersFormality(undefined, pair)).toBe(false);
  });

  it("asks for the chat's choice only in the targets where the translator honours it", () => {
    const formal = effectiveSettings({ formality: "formal" }, "private", defaults);
    const offer = new Set(["ko", "pt"]);
    expect(formalityFor(offer, formal, "ko")).toBe("formal");
    expect(formalityFor(offer, formal, "pt-BR")).toBe("formal");
    expect(formalityFor(offer, formal, "en")).toBeUndefined();
    expect(formalityFor(undefined, formal, "ko")).toBeUndefined();
    expect(formalityFor(offer, pair, "ko")).toBeUndefined();
    expect(formalityAt(true, "en")).toBe(true);
  });
});
