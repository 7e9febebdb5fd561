// What `babelgram webhook set` checks before any request, each refusal one readable line: Telegram's
// rules for the URL and the secret token, the certificate file, and where babelgram's own webhook
// server listens.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { basename } from "node:path";
import { InvalidArgumentError } from "commander";
import { InputFile } from "grammy";
import { SECRET_HINT, WEBHOOK_SECRET_SHAPE } from "../config.js";
import { ConfigError } from "../errors.js";

/** The only ports Telegram delivers webhooks to. */
export const WEBHOOK_PORTS = ["443", "80", "88", "8443"];
const SECRET_RULE = "Telegram takes 1-256 characters of A-Z, a-z, 0-9, _ and -";
/** Where babelgram's webhook server listens when WEBHOOK_URL is not set (see src/config.ts). */
const DEFAULT_SERVER_PATH = "/telegram";

/** Telegram's rules for a webhook URL; throws one readable line when it breaks one. */
export function checkWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(
      `the webhook URL "${raw}" is not a URL (expected e.g. https://bot.example.com/telegram)`,
    );
  }
  if (url.protocol !== "https:") {
    throw new Error("the webhook URL must use https:// (Telegram only delivers to HTTPS)");
  }
  // URL leaves `port` empty for https' default, 443.
  if (url.port !== "" && !WEBHOOK_PORTS.includes(url.port)) {
    throw new Error(
      `port ${url.port} is not one Telegram delivers to; use 443, 80, 88 or 8443 in the webhook URL`,
    );
  }
  return url;
}

/** What is wrong with a secret token, or undefined when Telegram takes it. */
export function secretProblem(secret: string): string | undefined {
  if (WEBHOOK_SECRET_SHAPE.test(secret)) return undefined;
  if (secret === "") return "is empty";
  if (secret.length > 256) return `is ${secret.length} characters long`;
  const bad = [...secret].find((char) => !/[A-Za-z0-9_-]/.test(char)) ?? "";
  return `contains ${bad === " " ? "a space" : JSON.stringify(bad)}`;
}

export type SecretSource = "--secret" | "WEBHOOK_SECRET" | "generated";

/** --secret, else WEBHOOK_SECRET, else a fresh one (32 random bytes, base64url: 43 characters). */
export function chooseSecret(option: string | undefined): { secret: string; source: SecretSource } {
  if (option !== undefined) {
    const problem = secretProblem(option);
    if (problem !== undefined)
      throw new Error(
        `--secret ${problem}; ${SECRET_RULE}. Leave it out and babelgram generates one`,
      );
    return { secret: option, source: "--secret" };
  }
  const fromEnv = process.env.WEBHOOK_SECRET?.trim();
  if (fromEnv !== undefined && fromEnv !== "") {
    const problem = secretProblem(fromEnv);
    if (problem !== undefined) {
      throw new ConfigError({
        variable: "WEBHOOK_SECRET",
        message: `${problem}; ${SECRET_RULE}; ${SECRET_HINT}`,
      });
    }
    return { secret: fromEnv, source: "WEBHOOK_SECRET" };
  }
  return { secret: randomBytes(32).toString("base64url"), source: "generated" };
}

/** The certificate file, refused here when it cannot be read or is not a PEM certificate. */
export function readCertificate(path: string): InputFile {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "no such file"
        : code === "EACCES"
          ? "permission denied"
          : code === "EISDIR"
            ? "it is a directory"
            : error instanceof Error
              ? error.message
              : String(error);
    throw new Error(`cannot read the certificate ${path}: ${reason}`, { cause: error });
  }
  const text = data.toString("latin1");
  // Uploading a private key would hand it to Telegram: refuse, whatever else the file holds.
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw new Error(
      `${path} contains a private key; upload only the public certificate (-----BEGIN CERTIFICATE-----) and keep the key on the server`,
    );
  }
  if (!text.includes("-----BEGIN CERTIFICATE-----")) {
    throw new Error(
      `${path} is not a PEM certificate (no -----BEGIN CERTIFICATE----- line); Telegram takes the public certificate in PEM format`,
    );
  }
  return new InputFile(data, basename(path));
}

export function ipAddress(raw: string): string {
  if (isIP(raw) === 0) throw new InvalidArgumentError("expected an IPv4 or IPv6 address");
  return raw;
}

/** The path babelgram's webhook server listens on, and why, from WEBHOOK_URL. */
export function serverPath(): { path: string; from: string } {
  const raw = process.env.WEBHOOK_URL?.trim();
  if (raw === undefined || raw === "") return { path: DEFAULT_SERVER_PATH, from: "the default" };
  try {
    const path = new URL(raw).pathname.replace(/\/+$/, "");
    return { path: path === "" ? DEFAULT_SERVER_PATH : path, from: "WEBHOOK_URL's path" };
  } catch {
    return { path: DEFAULT_SERVER_PATH, from: "the default" };
  }
}
