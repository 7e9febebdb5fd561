// Realistic Lambda events for tests and the bench: the recorded API Gateway and Function URL events
// in test/fixtures/lambda/, with the test's update and secret put in the places AWS puts them.
import { readFileSync } from "node:fs";

export const EVENT_KINDS = ["rest-v1", "http-v2", "http-v2-base64", "function-url"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

const FILES: Record<EventKind, string> = {
  "rest-v1": "apigw-rest-v1.json",
  "http-v2": "apigw-http-v2.json",
  "http-v2-base64": "apigw-http-v2-base64.json",
  "function-url": "function-url.json",
};

type Json = Record<string, unknown>;

function fixture(name: string): Json {
  return JSON.parse(
    readFileSync(new URL(`../fixtures/lambda/${name}`, import.meta.url), "utf8"),
  ) as Json;
}

/** The recorded update (a private /start from Minsu), to be given the test's ids. */
export function fixtureUpdate(): Json {
  return fixture("telegram-update.json");
}

/** A private text message from a user, shaped like the recorded one. */
export function messageUpdate(options: {
  updateId: number;
  messageId: number;
  user: { id: number; first_name: string; language_code?: string };
  text: string;
}): Json {
  const update = fixtureUpdate();
  const message = update.message as Json;
  return {
    ...update,
    update_id: options.updateId,
    message: {
      ...message,
      message_id: options.messageId,
      from: { id: options.user.id, is_bot: false, first_name: options.user.first_name },
      chat: { id: options.user.id, first_name: options.user.first_name, type: "private" },
      date: Math.floor(Date.now() / 1000),
      text: options.text,
      entities: undefined,
    },
  };
}

/**
 * The event of the given kind carrying body, with the secret header as AWS passes it: title case
 * (as Telegram sends it) in a REST event and its multiValueHeaders, lowercased in 2.0 events.
 * secret undefined leaves the header out.
 */
export function lambdaEvent(kind: EventKind, body: string, secret: string | undefined): Json {
  const event = fixture(FILES[kind]);
  const length = String(Buffer.byteLength(body));
  if (kind === "rest-v1") {
    const headers = { ...(event.headers as Record<string, string>) };
    const multi = { ...(event.multiValueHeaders as Record<string, string[]>) };
    delete headers["X-Telegram-Bot-Api-Secret-Token"];
    delete multi["X-Telegram-Bot-Api-Secret-Token"];
    if (secret !== undefined) {
      headers["X-Telegram-Bot-Api-Secret-Token"] = secret;
      multi["X-Telegram-Bot-Api-Secret-Token"] = [secret];
    }
    headers["Content-Length"] = length;
    multi["Content-Length"] = [length];
    return { ...event, headers, multiValueHeaders: multi, body, isBase64Encoded: false };
  }
  const headers: Record<string, string> = {
    ...(event.headers as Record<string, string>),
    "content-length": length,
  };
  delete headers["x-telegram-bot-api-secret-token"];
  if (secret !== undefined) headers["x-telegram-bot-api-secret-token"] = secret;
  if (kind === "http-v2-base64") {
    return { ...event, headers, body: Buffer.from(body).toString("base64"), isBase64Encoded: true };
  }
  return { ...event, headers, body, isBase64Encoded: false };
}
