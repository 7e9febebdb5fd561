import { describe, expect, it } from "vitest";
import { normaliseLanguageCode } from "./commands.js";

describe("normaliseLanguageCode", () => {
  it("accepts known codes in any case", () => {
    expect(normaliseLanguageCode("JA")).toBe("ja");
    expect(normaliseLanguageCode("zh-tw")).toBe("zh-TW");
    expect(normaliseLanguageCode("ko")).toBe("ko");
  });

  it("rejects what is not a language", () => {
    expect(normaliseLanguageCode("xx")).toBeUndefined();
    expect(normaliseLanguageCode("japanese")).toBeUndefined();
    expect(normaliseLanguageCode("j")).toBeUndefined();
    expect(normaliseLanguageCode("<b>")).toBeUndefined();
  });
});
