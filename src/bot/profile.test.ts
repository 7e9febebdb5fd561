import type { BotCommand } from "grammy/types";
import { describe, expect, it } from "vitest";
import { LOCALES, texts, type Locale } from "./i18n/index.js";
import { registerBotProfile } from "./profile.js";

type Call = { commands: readonly BotCommand[]; scope?: string; language?: string };

function fakeApi(failAt = -1) {
  const calls: Call[] = [];
  return {
    calls,
    api: {
      setMyCommands(
        commands: readonly BotCommand[],
        other?: { scope?: { type: string }; language_code?: string },
      ) {
        if (calls.length === failAt) return Promise.reject(new Error("Bad Gateway"));
        calls.push({ commands, scope: other?.scope?.type, language: other?.language_code });
        return Promise.resolve(true as const);
      },
    },
  };
}

describe("registerBotProfile", () => {
  it("sets each list in each language: English as the default, Korean for Korean users", async () => {
    const { api, calls } = fakeApi();
    expect(await registerBotProfile(api)).toBe(true);
    expect(calls.map((call) => `${call.language ?? "*"} ${call.scope}`)).toEqual([
      "* default",
      "* all_private_chats",
      "* all_group_chats",
      "* all_chat_administrators",
      "ko default",
      "ko all_private_chats",
      "ko all_group_chats",
      "ko all_chat_administrators",
    ]);
    const admins = calls.find((call) => call.scope === "all_chat_administrators");
    expect(admins?.commands.map((c) => c.command)).toContain("settings");
  });

  it("says false, without throwing, when Telegram refuses", async () => {
    const { api } = fakeApi(2);
    expect(await registerBotProfile(api)).toBe(false);
  });

  it("lists the same commands in every language, each within Telegram's limits", () => {
    const lists = (locale: Locale): BotCommand[][] => {
      const { private: own, group, admins } = texts(locale).commands;
      return [own, group, admins];
    };
    const names = (locale: Locale) => lists(locale).map((list) => list.map((c) => c.command));
    for (const locale of LOCALES) {
      expect(names(locale)).toEqual(names("en"));
      for (const { command, description } of lists(locale).flat()) {
        expect(command).toMatch(/^[a-z0-9_]{1,32}$/);
        expect([...description].length).toBeLessThanOrEqual(256);
      }
    }
  });
});
