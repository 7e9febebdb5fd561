import { describe, expect, it } from "vitest";
import { effectiveSettings } from "./chat-settings.js";
import { texts } from "./i18n/index.js";
import { pressed, settingsKeyboard } from "./settings-menu.js";

const defaults = { home: "ko", foreign: "en" };
const group = effectiveSettings({}, "group", defaults);

describe("settings menu", () => {
  it("turns each press into a change of the stored settings and the screen to show", () => {
    expect(pressed("mode", "auto", group)).toEqual({ patch: { mode: "auto" }, view: "main" });
    expect(pressed("view", "targets", group)).toEqual({ view: "targets" });
    expect(pressed("lang", "ja", group)).toEqual({
      patch: { languages: ["ko", "en", "ja"], targetLanguage: undefined },
      view: "languages",
    });
    expect(pressed("lang", "ko", group)).toMatchObject({ patch: { languages: ["en"] } });
    expect(pressed("target", "en", group)).toEqual({
      patch: { targets: ["ko", "en"] },
      view: "targets",
    });
    expect(pressed("target", "ko", group)).toBe("keep-one");
    expect(pressed("tag", "", group)).toMatchObject({ patch: { showSourceTag: true } });
  });

  it("cycles formality: the provider's default, formal, informal", () => {
    expect(pressed("form", "", group)).toMatchObject({ patch: { formality: "formal" } });
    const formal = effectiveSettings({ formality: "formal" }, "group", defaults);
    expect(pressed("form", "", formal)).toMatchObject({ patch: { formality: "informal" } });
    const informal = effectiveSettings({ formality: "informal" }, "group", defaults);
    expect(pressed("form", "", informal)).toEqual({
      patch: { formality: undefined },
      view: "main",
    });
  });

  it("refuses what no button sends", () => {
    expect(pressed("mode", "loud", group)).toBe("unknown");
    expect(pressed("lang", "<b>", group)).toBe("unknown");
    expect(pressed("view", "secrets", group)).toBe("unknown");
    expect(pressed("drop", "tables", group)).toBe("unknown");
  });

  it("ticks the current choices, and offers formality only when the translator can", () => {
    const say = texts("en");
    const main = settingsKeyboard(group, "main", say, false).inline_keyboard;
    expect(main.map((row) => row.map((button) => button.text))).toEqual([
      ["Auto", "✓ Manual", "Off"],
      ["Languages: Korean, English"],
      ["Others into: Korean"],
      ["Language tags: hidden"],
      ["Done"],
    ]);
    const withFormality = settingsKeyboard(group, "main", say, true).inline_keyboard;
    expect(withFormality.flat().map((button) => button.text)).toContain("Formality: default");
    const languages = settingsKeyboard(group, "languages", say, false).inline_keyboard.flat();
    expect(languages.filter((button) => button.text.startsWith("✓"))).toHaveLength(2);
    // Every button's data fits Telegram's 64 bytes.
    for (const button of [...main.flat(), ...languages]) {
      const data = "callback_data" in button ? button.callback_data : "";
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    }
  });
});
