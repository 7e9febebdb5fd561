import { describe, expect, it } from "vitest";
import { chooseTarget, sameLanguage } from "./direction.js";

const languages = { home: "ko", foreign: "en" };

describe("chooseTarget", () => {
  it("sends the home language to the foreign one and everything else home", () => {
    expect(chooseTarget({ detected: "ko", chosen: undefined, languages })).toBe("en");
    expect(chooseTarget({ detected: "en", chosen: undefined, languages })).toBe("ko");
    expect(chooseTarget({ detected: "ja", chosen: undefined, languages })).toBe("ko");
  });

  it("uses the chat's chosen target, and turns a message already in it towards home", () => {
    expect(chooseTarget({ detected: "ko", chosen: "ja", languages })).toBe("ja");
    expect(chooseTarget({ detected: "en", chosen: "ja", languages })).toBe("ja");
    expect(chooseTarget({ detected: "ja", chosen: "ja", languages })).toBe("ko");
    expect(chooseTarget({ detected: "ko", chosen: "ko", languages })).toBe("en");
  });

  it("compares languages without their region", () => {
    expect(sameLanguage("zh", "zh-TW")).toBe(true);
    expect(sameLanguage("zh-CN", "ja")).toBe(false);
    expect(chooseTarget({ detected: "zh", chosen: "zh-TW", languages })).toBe("ko");
  });
});
