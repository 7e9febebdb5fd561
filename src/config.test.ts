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
    expect(config.telegram).toEqual({ token: TOKEN, apiRoot: "https://api.telegram.org" });
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
