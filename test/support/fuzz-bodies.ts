// Generated webhook deliveries for the fuzz test: realistic updates with fields of the wrong type,
// random JSON, truncated JSON, huge numbers, deep nesting, invalid UTF-8, and random headers and
// methods. Every case comes from its own seeded generator (the run's seed and the case's index), so a
// failing case can be made again alone.

/** mulberry32: a small, fast, seeded PRNG; numbers in [0, 1). */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzCase {
  /** What kind of case, for the failure message. */
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body: Buffer;
  /** Sent in a few chunks without Content-Length (chunked transfer encoding). */
  chunked: boolean;
  /** Delivered twice in a row (Telegram re-delivers): the second must be acknowledged too. */
  twice: boolean;
  /** A malformed HTTP request to write on a raw socket instead. */
  raw?: Buffer;
}

export interface FuzzWorld {
  secret: string;
  /** Chats that exist in the emulator (private chats of its users), so some replies go through. */
  chatIds: readonly number[];
  path: string;
}

type Rng = () => number;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const int = (rng: Rng, below: number) => Math.floor(rng() * below);
const pick = <T>(rng: Rng, items: readonly T[]): T => items[int(rng, items.length)] as T;
const chance = (rng: Rng, p: number) => rng() < p;

const WORDS = ["안녕하세요", "hello", "bonjour", "/start", "/lang ja", "/lang", "/help", "😀", "x"];
const KEYS = [
  "update_id",
  "message",
  "text",
  "chat",
  "id",
  "type",
  "from",
  "entities",
  "caption",
  "data",
  "__proto__",
  "constructor",
  "toString",
  "",
  "ünïcødé",
];

/** Raw JSON number literals that JSON.stringify cannot make: huge, tiny, negative zero. */
const RAW_NUMBERS = [
  "1e400",
  "-1e400",
  "123456789012345678901234567890",
  "-0",
  "1e-400",
  "0.1e1",
  "9007199254740993",
  "18446744073709551616",
];

function randomString(rng: Rng): string {
  switch (int(rng, 6)) {
    case 0:
      return pick(rng, WORDS);
    case 1:
      return "x".repeat(int(rng, 5000));
    case 2:
      return String.fromCharCode(...Array.from({ length: int(rng, 20) }, () => int(rng, 0x10000)));
    case 3:
      return pick(rng, ["", "\u0000", "\ud800", "\udfff\ud800", "\u202e", "<b>x</b>", "\\", '"']);
    case 4:
      return pick(rng, WORDS).repeat(int(rng, 600));
    default:
      return `${pick(rng, WORDS)} ${int(rng, 1e6)}`;
  }
}

function weirdValue(rng: Rng, depth = 0): Json {
  switch (int(rng, 12)) {
    case 0:
      return null;
    case 1:
      return chance(rng, 0.5);
    case 2:
      return pick(rng, [-1, 1.5, 1e308, -1e308, 2 ** 53 + 2, -(2 ** 31), 2 ** 64, 0.000001]);
    case 3:
      return randomString(rng);
    case 4:
      return `§raw${int(rng, RAW_NUMBERS.length)}§`;
    case 5:
      return [];
    case 6:
      return {};
    case 7:
      return depth > 3 ? 1 : randomJson(rng, depth + 1);
    case 8:
      return String(int(rng, 1e9));
    case 9:
      return depth > 3 ? [] : [weirdValue(rng, depth + 1), weirdValue(rng, depth + 1)];
    case 10:
      return { id: randomString(rng) };
    default:
      return int(rng, 2 ** 31);
  }
}

export function randomJson(rng: Rng, depth = 0): Json {
  const kind = depth > 4 ? int(rng, 4) : int(rng, 7);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return chance(rng, 0.5);
    case 2:
      return chance(rng, 0.5) ? int(rng, 1e6) - 5e5 : rng() * 1e20;
    case 3:
      return randomString(rng);
    case 4:
      return Array.from({ length: int(rng, 5) }, () => randomJson(rng, depth + 1));
    default: {
      const object: Record<string, Json> = {};
      for (let i = int(rng, 5); i > 0; i--) object[pick(rng, KEYS)] = randomJson(rng, depth + 1);
      return object;
    }
  }
}

function user(rng: Rng, id: number): Json {
  return {
    id,
    is_bot: false,
    first_name: pick(rng, ["Minji", "Ana", "", "😀"]),
    language_code: pick(rng, ["ko", "en", "ja", "zz"]),
  };
}

function message(rng: Rng, chatId: number, id: number): Record<string, Json> {
  const text = pick(rng, WORDS) + (chance(rng, 0.5) ? ` ${randomString(rng)}` : "");
  const base: Record<string, Json> = {
    message_id: id,
    date: Math.floor(Date.now() / 1000),
    chat: { id: chatId, type: pick(rng, ["private", "private", "group", "supergroup", "channel"]) },
    from: user(rng, chatId),
  };
  if (chance(rng, 0.2)) {
    base.photo = [{ file_id: "f", file_unique_id: "u", width: 1, height: 1 }];
    base.caption = text;
  } else {
    base.text = text;
  }
  if (text.startsWith("/")) {
    base.entities = [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? 1 }];
  }
  if (chance(rng, 0.1)) base.reply_to_message = message(rng, chatId, id - 1);
  return base;
}

/** A realistic update of a random type; `id` is unique to the case. */
function update(rng: Rng, world: FuzzWorld, id: number): Record<string, Json> {
  const chatId = chance(rng, 0.3) ? pick(rng, world.chatIds) : int(rng, 2 ** 40) - 2 ** 39;
  const type = pick(rng, [
    "message",
    "message",
    "message",
    "callback_query",
    "edited_message",
    "channel_post",
    "inline_query",
    "my_chat_member",
    "message_reaction",
    "poll",
    "a_type_from_the_future",
  ]);
  let payload: Json;
  switch (type) {
    case "message":
    case "edited_message":
    case "channel_post":
      payload = message(rng, chatId, id % 1e6);
      break;
    case "callback_query":
      payload = {
        id: String(id),
        from: user(rng, chatId),
        chat_instance: "1",
        data: pick(rng, ["lang:ja", "lang:ko", "lang:reset", "lang:zz", "", "x".repeat(64)]),
        message: message(rng, chatId, id % 1e6),
      };
      break;
    default:
      payload = { id: String(id), from: user(rng, chatId), query: randomString(rng) };
  }
  return { update_id: id, [type]: payload };
}

/** Every path to a value inside json, as key lists. */
function paths(json: Json, prefix: string[] = [], out: string[][] = []): string[][] {
  if (json === null || typeof json !== "object") return out;
  for (const [key, value] of Object.entries(json)) {
    const path = [...prefix, key];
    out.push(path);
    paths(value, path, out);
  }
  return out;
}

/** The same update with some field replaced by a value of another type, removed, or added. */
function mutate(rng: Rng, json: Record<string, Json>, id: number): Record<string, Json> {
  const copy = JSON.parse(JSON.stringify(json)) as Record<string, Json>;
  for (let n = 1 + int(rng, 3); n > 0; n--) {
    const all = paths(copy);
    if (all.length === 0) break;
    const path = pick(rng, all);
    let parent: Json = copy;
    for (const key of path.slice(0, -1)) parent = (parent as Record<string, Json>)[key] ?? null;
    if (parent === null || typeof parent !== "object") continue;
    const key = path[path.length - 1] ?? "";
    const target = parent as Record<string, Json>;
    const action = int(rng, 10);
    if (action === 0) delete target[key];
    else if (action === 1) target[pick(rng, KEYS)] = weirdValue(rng);
    else target[key] = weirdValue(rng);
  }
  // A valid update_id left by the mutation stays unique to the case, so that concurrent cases
  // never race for one update (that race is answered 503, rightly, and is tested elsewhere).
  const updateId = copy.update_id;
  if (typeof updateId === "number" && Number.isSafeInteger(updateId) && updateId >= 0) {
    copy.update_id = id;
  }
  return copy;
}

function serialise(rng: Rng, json: Json): string {
  return JSON.stringify(json).replace(
    /"§raw(\d+)§"/g,
    (_match, index: string) => RAW_NUMBERS[Number(index)] ?? "1",
  );
}

function deepNesting(rng: Rng, world: FuzzWorld, id: number): string {
  const depth = pick(rng, [1000, 10_000, 100_000, 250_000]);
  const nested = chance(rng, 0.5)
    ? "[".repeat(depth) + "]".repeat(depth)
    : '{"a":'.repeat(Math.min(depth, 150_000)) + "1" + "}".repeat(Math.min(depth, 150_000));
  switch (int(rng, 3)) {
    case 0:
      return nested;
    case 1:
      return `{"update_id":${id},"message":${nested}}`;
    default: {
      const chatId = pick(rng, world.chatIds);
      const field = pick(rng, ["text", "entities", "from", "reply_to_message", "caption"]);
      return `{"update_id":${id},"message":{"message_id":1,"date":0,"chat":{"id":${chatId},"type":"private"},"${field}":${nested}}}`;
    }
  }
}

/** Bytes that are not UTF-8: stray continuation bytes, overlong forms, encoded surrogates. */
const BAD_UTF8 = [
  [0xff],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xe0, 0x80],
  [0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
];

function invalidUtf8(rng: Rng, text: string): Buffer {
  const bytes = Buffer.from(text);
  const at = int(rng, bytes.length + 1);
  const bad = Buffer.from(pick(rng, BAD_UTF8));
  return Buffer.concat([bytes.subarray(0, at), bad, bytes.subarray(at)]);
}

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/json; charset=latin1",
  "",
];

function headers(rng: Rng, world: FuzzWorld): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  const secret = int(rng, 20);
  if (secret < 16) result["x-telegram-bot-api-secret-token"] = world.secret;
  else if (secret === 16) result["x-telegram-bot-api-secret-token"] = `${world.secret}x`;
  else if (secret === 17) result["x-telegram-bot-api-secret-token"] = [world.secret, world.secret];
  else if (secret === 18) result["X-TELEGRAM-BOT-API-SECRET-TOKEN"] = ` ${world.secret}`;
  const type = pick(rng, CONTENT_TYPES);
  if (type !== "") result["content-type"] = type;
  if (chance(rng, 0.05)) result["content-encoding"] = pick(rng, ["gzip", "br", "identity"]);
  if (chance(rng, 0.05))
    result.authorization = `Bearer ${randomString(rng).replace(/[^ -~]/g, "")}`;
  for (let n = int(rng, 4); n > 0; n--) {
    const name = `x-${Math.floor(rng() * 1e9).toString(36)}`;
    result[name] = randomString(rng)
      .replace(/[^ -~]/g, "")
      .slice(0, 200);
  }
  if (chance(rng, 0.05)) result["x-forwarded-for"] = "149.154.167.99, 10.0.0.1";
  return result;
}

/** Malformed HTTP, written on a raw socket: each is complete enough to be answered. */
function rawRequest(rng: Rng, world: FuzzWorld): Buffer {
  const secret = `X-Telegram-Bot-Api-Secret-Token: ${world.secret}\r\n`;
  switch (int(rng, 7)) {
    case 0:
      return Buffer.from(`POST ${world.path} HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n`);
    case 1:
      return Buffer.from(`GARBAGE\r\n\r\n`);
    case 2:
      return Buffer.from(
        `POST ${world.path} HTTP/1.1\r\nHost: x\r\n${secret}X-Big: ${"a".repeat(20_000)}\r\n\r\n`,
      );
    case 3:
      return Buffer.from(
        `POST ${world.path} HTTP/1.1\r\nHost: x\r\n${secret}Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
      );
    case 4:
      return Buffer.from(
        `POST ${world.path} HTTP/1.1\r\nHost: x\r\n${secret}Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
      );
    case 5:
      return Buffer.concat([
        Buffer.from(`POST ${world.path} HTTP/1.1\r\nHost: x\r\n${secret}X-Bin: `),
        Buffer.from([0x01, 0xff, 0x00]),
        Buffer.from("\r\nContent-Length: 2\r\n\r\n{}"),
      ]);
    default:
      return Buffer.from(`POST ${world.path} HTTP/9.9\r\nHost: x\r\n\r\n`);
  }
}

/** The case number `index` of the run with this seed. */
export function fuzzCase(seed: number, index: number, world: FuzzWorld): FuzzCase {
  const rng = prng((seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0);
  // Ids of updates that may be valid: unique to the case.
  const id = 10_000_000 + index;
  let kind: string;
  let body: Buffer;
  const roll = int(rng, 100);
  if (roll < 15) {
    kind = "update";
    body = Buffer.from(serialise(rng, update(rng, world, id)));
  } else if (roll < 45) {
    kind = "mutated update";
    body = Buffer.from(serialise(rng, mutate(rng, update(rng, world, id), id)));
  } else if (roll < 55) {
    kind = "random JSON";
    const json = randomJson(rng);
    body = Buffer.from(serialise(rng, json));
  } else if (roll < 65) {
    kind = "truncated JSON";
    const text = serialise(rng, update(rng, world, id));
    body = Buffer.from(text.slice(0, int(rng, text.length)));
  } else if (roll < 70) {
    kind = "huge numbers";
    body = Buffer.from(
      `{"update_id":${pick(rng, RAW_NUMBERS)},"message":{"message_id":${pick(rng, RAW_NUMBERS)},"date":0,"chat":{"id":${pick(rng, RAW_NUMBERS)},"type":"private"},"text":"hi"}}`,
    );
  } else if (roll < 75) {
    kind = "deep nesting";
    body = Buffer.from(deepNesting(rng, world, id));
  } else if (roll < 83) {
    kind = "invalid UTF-8";
    body = invalidUtf8(rng, serialise(rng, update(rng, world, id)));
  } else if (roll < 86) {
    kind = "random bytes";
    body = Buffer.from(Array.from({ length: int(rng, 2000) }, () => int(rng, 256)));
  } else if (roll < 90) {
    kind = "odd JSON";
    body = Buffer.from(
      pick(rng, [
        "",
        " ",
        "null",
        "[]",
        '"update"',
        "1",
        "\ufeff{}",
        `{"update_id":${id},"update_id":"x"}`,
        `{"update_id":${id}}`,
        `{"update_id":${id},"message":null}`,
        `{"update_id":${id},"message":{},"callback_query":{}}`,
        `{"update_id":${id},"__proto__":{"text":"x"}}`,
        `{"update_id":${id},"message":{"chat":{"id":"1"},"text":{}}}`,
        `{"update_id":${id},"message":{"message_id":1,"date":0,"chat":{"id":${pick(rng, world.chatIds)},"type":"private"},"text":["hi"]}}`,
        "{".repeat(10),
      ]),
    );
  } else if (roll < 93) {
    kind = "large body";
    const size = pick(rng, [1024 * 1024 - 200, 1024 * 1024, 1024 * 1024 + 1, 2 * 1024 * 1024]);
    const head = `{"update_id":${id},"edited_message":{"text":"`;
    body = Buffer.from(head + "x".repeat(Math.max(0, size - head.length - 3)) + '"}}');
  } else if (roll < 98) {
    kind = "duplicate delivery";
    body = Buffer.from(serialise(rng, update(rng, world, id)));
  } else {
    kind = "malformed HTTP";
    body = Buffer.alloc(0);
  }
  const method = chance(rng, 0.93)
    ? "POST"
    : pick(rng, ["GET", "PUT", "DELETE", "PATCH", "OPTIONS"]);
  const path = chance(rng, 0.96)
    ? world.path
    : pick(rng, ["/", `${world.path}/`, "/healthz", "/metrics", "/x", `${world.path}?a=1`, "/%00"]);
  const result: FuzzCase = {
    kind,
    method,
    path,
    headers: headers(rng, world),
    body,
    chunked: chance(rng, 0.1),
    twice: kind === "duplicate delivery",
  };
  if (kind === "malformed HTTP") result.raw = rawRequest(rng, world);
  return result;
}
