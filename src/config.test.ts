import { describe, expect, it } from "vitest";
import { loadConfig, loadTelegramConfig } from "./config.js";
import { ConfigError } from "./errors.js";

// Built at run time so that nothing token-shaped is committed.
const TOKEN = `${"4".repeat(9)}:${"x".repeat(35)}`;

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("has working defaults for a token plus Papago keys", () => {
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      PAPAGO_CLIENT_ID: "id",
      PAPAGO_CLIENT_SECRET: "secret",
    });
    expect(config.telegram).toEqual({
      token: TOKEN,
      apiRoot: "https://api.telegram.org",
      botUsername: undefined,
    });
    expect(config.webhook).toEqual({
      url: undefined,
      path: "/telegram",
      secret: undefined,
      budgetMs: 8000,
    });
    expect(config.server).toEqual({ host: "0.0.0.0", port: 8080 });
    expect(config.translators).toEqual(["papago"]);
    expect(config.papago?.apiUrl).toBe("https://papago.apigw.ntruss.com");
    expect(config.languages).toEqual({ home: "ko", foreign: "en" });
    expect(config.storeUrl).toBe("sqlite:./data/babelgram.db");
    expect(config.logLevel).toBe("info");
  });

  it("allows the pseudo translator by default only when there is no token", () => {
    expect(loadConfig({}).translators).toEqual(["pseudo"]);
    const error = configError({ TELEGRAM_BOT_TOKEN: TOKEN });
    expect(error.variable).toBe("TRANSLATOR");
    expect(error.message).toContain("PAPAGO_CLIENT_ID");
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TRANSLATOR: "pseudo" }).translators).toEqual([
      "pseudo",
    ]);
  });

  it("names the variable in one line and never echoes the token", () => {
    const bad = "12345:this-is-secret";
    const error = configError({ TELEGRAM_BOT_TOKEN: bad });
    expect(error.variable).toBe("TELEGRAM_BOT_TOKEN");
    expect(error.message).not.toContain("this-is-secret");
    expect(error.message).not.toContain("\n");
  });

  it.each([
    [{ DEFAULT_LANGUAGES: "ko" }, "DEFAULT_LANGUAGES"],
    [{ DEFAULT_LANGUAGES: "ko,ko" }, "DEFAULT_LANGUAGES"],
    [{ DEFAULT_LANGUAGES: "korean,english" }, "DEFAULT_LANGUAGES"],
    [{ TRANSLATOR: "babelfish" }, "TRANSLATOR"],
    [{ TRANSLATOR: "papago" }, "PAPAGO_CLIENT_ID"],
    [{ PAPAGO_CLIENT_ID: "id" }, "PAPAGO_CLIENT_SECRET"],
    [{ PAPAGO_CLIENT_SECRET: "s" }, "PAPAGO_CLIENT_ID"],
    [
      { PAPAGO_CLIENT_ID: "i", PAPAGO_CLIENT_SECRET: "s", PAPAGO_API_URL: "not a url" },
      "PAPAGO_API_URL",
    ],
    [{ TELEGRAM_API_ROOT: "ftp://example.org" }, "TELEGRAM_API_ROOT"],
    [{ STORE_URL: "mysql://x" }, "STORE_URL"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
  ])("rejects %o naming %s", (env, variable) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
  });

  it("normalises values", () => {
    const config = loadConfig({
      DEFAULT_LANGUAGES: " EN , ja ",
      TELEGRAM_API_ROOT: "http://127.0.0.1:8081/",
      LOG_LEVEL: "DEBUG",
      TRANSLATOR: " Pseudo ",
      STORE_URL: "memory:",
    });
    expect(config.languages).toEqual({ home: "en", foreign: "ja" });
    expect(config.telegram.apiRoot).toBe("http://127.0.0.1:8081");
    expect(config.logLevel).toBe("debug");
    expect(config.translators).toEqual(["pseudo"]);
    expect(config.storeUrl).toBe("memory:");
  });

  it("treats empty values as unset", () => {
    expect(loadTelegramConfig({ TELEGRAM_BOT_TOKEN: "  " }).token).toBeUndefined();
  });
});

describe("webhook settings", () => {
  it("takes the server's path from WEBHOOK_URL", () => {
    const config = loadConfig({
      WEBHOOK_URL: "https://bot.example.com/hooks/babelgram/",
      WEBHOOK_SECRET: "abc_DEF-123",
      WEBHOOK_BUDGET_MS: "5000",
      HOST: "127.0.0.1",
      PORT: "3000",
      TELEGRAM_BOT_USERNAME: "@my_translator_bot",
    });
    expect(config.webhook.path).toBe("/hooks/babelgram");
    expect(config.webhook.secret).toBe("abc_DEF-123");
    expect(config.webhook.budgetMs).toBe(5000);
    expect(config.server).toEqual({ host: "127.0.0.1", port: 3000 });
    expect(config.telegram.botUsername).toBe("my_translator_bot");
    expect(loadConfig({ WEBHOOK_URL: "https://bot.example.com" }).webhook.path).toBe("/telegram");
  });

  it.each([
    [{ WEBHOOK_URL: "my-bot.test/hook" }, "WEBHOOK_URL"],
    [{ WEBHOOK_URL: "ftp://bot.example.com/telegram" }, "WEBHOOK_URL"],
    [{ WEBHOOK_SECRET: "has spaces in it" }, "WEBHOOK_SECRET"],
    [{ WEBHOOK_SECRET: "x".repeat(257) }, "WEBHOOK_SECRET"],
    [{ WEBHOOK_BUDGET_MS: "8s" }, "WEBHOOK_BUDGET_MS"],
    [{ PORT: "70000" }, "PORT"],
    [{ TELEGRAM_BOT_USERNAME: "no spaces allowed" }, "TELEGRAM_BOT_USERNAME"],
  ])("refuses %o naming %s, without echoing the value", (env, variable) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    const value = Object.values(env)[0] ?? "";
    expect(error.message).not.toContain(value);
  });
});
