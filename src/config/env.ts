// The readers every config section shares: one variable each, trimmed, blank meaning unset. A
// malformed value is a ConfigError naming the variable, never quoting it (it may be a secret).
import { existsSync } from "node:fs";
import { ConfigError } from "../errors.js";

export type Env = Record<string, string | undefined>;

/** Loads `.env` from the working directory into process.env, without overriding what is set. */
export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

export function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === "" ? undefined : raw;
}

/** An http(s) URL without its trailing slashes. */
export function url(env: Env, name: string, fallback: string): string {
  const raw = value(env, name) ?? fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError({
      variable: name,
      message: "is not a URL (expected e.g. " + fallback + ")",
    });
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new ConfigError({ variable: name, message: "must start with https:// or http://" });
  }
  return raw.replace(/\/+$/, "");
}

/** A whole number within range, or undefined when the variable is unset. */
export function optionalInteger(
  env: Env,
  name: string,
  range: { min: number; max: number },
): number | undefined {
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  const parsed = Number(raw);
  if (!/^\d+$/.test(raw) || parsed < range.min || parsed > range.max) {
    throw new ConfigError({
      variable: name,
      message: `expected a whole number from ${range.min} to ${range.max}`,
    });
  }
  return parsed;
}

export function integer(
  env: Env,
  name: string,
  range: { min: number; max: number; fallback: number },
): number {
  return optionalInteger(env, name, range) ?? range.fallback;
}

export function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = value(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new ConfigError({ variable: name, message: "expected 1 or 0 (on/off, true/false)" });
}
