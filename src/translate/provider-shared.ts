// What the HTTP provider files share beyond the kit: reading their settings from the environment
// the way config.ts does (an unset variable means "not configured", a malformed one stops babelgram
// with one line naming it, values are never echoed since most are keys), and reading JSON answers.
import { optionalInteger, value, type Env } from "../config/env.js";
import { ConfigError } from "../errors.js";

/** A variable's value, trimmed; blank is unset (as config.ts reads them). */
export const envValue = value;

/** A whole number within range, or undefined when unset. */
export const envInteger = optionalInteger;

/**
 * A base URL: http or https, without credentials, query or fragment (a failed request could quote them in its
 * errors, and keys have variables of their own). Trailing slashes are dropped.
 */
export function envUrl(env: Env, name: string, example: string): string | undefined {
  const raw = envValue(env, name);
  if (raw === undefined) return undefined;
  const fail = (message: string) => new ConfigError({ variable: name, message });
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw fail(`is not a URL (expected e.g. ${example})`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw fail("must start with https:// or http://");
  }
  if (parsed.username !== "" || parsed.password !== "") {
    throw fail("must not contain a user name or password");
  }
  if (parsed.search !== "" || parsed.hash !== "") {
    throw fail(`must be a base URL without ?query or #fragment (e.g. ${example})`);
  }
  return raw.replace(/\/+$/, "");
}

/** A key: printable ASCII without spaces, since it travels in a header, a URL or a JSON body. */
export function envKey(env: Env, name: string, hint: string): string | undefined {
  const raw = envValue(env, name);
  if (raw !== undefined && !/^[\x21-\x7e]+$/.test(raw)) {
    throw new ConfigError({ variable: name, message: `is malformed; ${hint}` });
  }
  return raw;
}

/** A field of a JSON object, or undefined. */
export function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** The trimmed base URL of an apiUrl option, or the default. */
export function baseUrl(apiUrl: string | undefined, fallback: string): string {
  return (apiUrl ?? fallback).trim().replace(/\/+$/, "");
}
