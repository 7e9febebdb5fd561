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

describe("translators, cache and limits", () => {
  const papagoKeys = { PAPAGO_CLIENT_ID: "id", PAPAGO_CLIENT_SECRET: "secret" };
  const deeplKey = { DEEPL_API_KEY: "deepl-key:fx" };

  it("uses every configured provider by default, papago first, pseudo only without a token", () => {
    expect(
      loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, ...deeplKey, ...papagoKeys }).translators,
    ).toEqual(["papago", "deepl"]);
    expect(
      loadConfig({
        TELEGRAM_BOT_TOKEN: TOKEN,
        GOOGLE_TRANSLATE_API_KEY: "g-key",
        ...deeplKey,
        OPENAI_API_KEY: "sk-x",
      }).translators,
    ).toEqual(["deepl", "google", "openai"]);
    expect(loadConfig({ ...deeplKey }).translators).toEqual(["deepl"]);
  });

  it("takes TRANSLATOR's order, and refuses a provider that is not configured, naming its variable", () => {
    const config = loadConfig({ TRANSLATOR: "deepl, papago,pseudo", ...deeplKey, ...papagoKeys });
    expect(config.translators).toEqual(["deepl", "papago", "pseudo"]);
    expect(config.providers.deepl?.apiKey).toBe("deepl-key:fx");
    expect(config.providers.papago?.clientId).toBe("id");
    for (const [name, variable] of [
      ["deepl", "DEEPL_API_KEY"],
      ["google", "GOOGLE_TRANSLATE_API_KEY"],
      ["azure", "AZURE_TRANSLATOR_KEY"],
      ["libretranslate", "LIBRETRANSLATE_URL"],
      ["openai", "OPENAI_API_KEY"],
      ["aws", "AWS_REGION"],
      ["papago", "PAPAGO_CLIENT_ID"],
    ] as const) {
      const error = configError({ TRANSLATOR: name });
      expect(error.variable, name).toBe(variable);
      expect(error.message).not.toContain("\n");
    }
    expect(configError({ TRANSLATOR: "papago,papago", ...papagoKeys }).variable).toBe("TRANSLATOR");
  });

  it("has defaults for the cache, the quotas and the timeout", () => {
    expect(loadConfig({}).translation).toEqual({
      timeoutMs: 5000,
      cacheTtlMs: 30 * 24 * 60 * 60 * 1000,
      quotas: { userDailyChars: 20_000, chatDailyChars: 100_000 },
      providerMonthlyChars: {},
      adminUserIds: [],
    });
  });

  it("reads QUOTA_*, CACHE_TTL_DAYS, TRANSLATOR_TIMEOUT_MS and ADMIN_USER_IDS", () => {
    const { translation } = loadConfig({
      QUOTA_USER_DAILY_CHARS: "0",
      QUOTA_CHAT_DAILY_CHARS: "5000",
      QUOTA_PAPAGO_MONTHLY_CHARS: "10000",
      QUOTA_DEEPL_MONTHLY_CHARS: "500000",
      QUOTA_GOOGLE_MONTHLY_CHARS: "0",
      CACHE_TTL_DAYS: "0",
      TRANSLATOR_TIMEOUT_MS: "3000",
      ADMIN_USER_IDS: "123456789, 42,42",
    });
    expect(translation).toEqual({
      timeoutMs: 3000,
      cacheTtlMs: 0,
      quotas: { userDailyChars: 0, chatDailyChars: 5000 },
      providerMonthlyChars: { papago: 10_000, deepl: 500_000 },
      adminUserIds: [123456789, 42],
    });
  });

  it.each([
    [{ QUOTA_USER_DAILY_CHARS: "-1" }, "QUOTA_USER_DAILY_CHARS"],
    [{ QUOTA_DEEPL_MONTHLY_CHARS: "lots" }, "QUOTA_DEEPL_MONTHLY_CHARS"],
    [{ CACHE_TTL_DAYS: "1.5" }, "CACHE_TTL_DAYS"],
    [{ TRANSLATOR_TIMEOUT_MS: "10" }, "TRANSLATOR_TIMEOUT_MS"],
    [{ ADMIN_USER_IDS: "@minji" }, "ADMIN_USER_IDS"],
    [{ ADMIN_USER_IDS: "1,,2" }, "ADMIN_USER_IDS"],
  ])("rejects %o naming %s", (env, variable) => {
    expect(configError(env).variable).toBe(variable);
  });
});
