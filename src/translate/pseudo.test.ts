import { describe, expect, it } from "vitest";
import { createPseudoTranslator } from "./pseudo.js";

describe("pseudo translator", () => {
  const translator = createPseudoTranslator();

  it("says it is not real and needs no attribution", () => {
    expect(translator.name).toBe("pseudo");
    expect(translator.real).toBe(false);
    expect(translator.attribution).toBeUndefined();
  });

  it("marks the text with the direction it was asked for", async () => {
    expect(await translator.translate({ text: "안녕하세요", source: "ko", target: "en" })).toEqual({
      text: "[ko→en] 안녕하세요",
      source: "ko",
      target: "en",
      provider: "pseudo",
    });
  });

  it('shows "auto" as it is, and is deterministic', async () => {
    const request = { text: "Hello", source: "auto", target: "ja" };
    const first = await translator.translate(request);
    expect(first.text).toBe("[auto→ja] Hello");
    expect(first.source).toBe("auto");
    expect(await translator.translate(request)).toEqual(first);
  });
});
