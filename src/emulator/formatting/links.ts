// The links inside markup, read as tdlib's LinkManager and parse_url read them: tg://user?id=
// mentions, tg://emoji?id= custom emoji, and the URL a text_link keeps, normalized the way
// Telegram answers it ("telegram.org" becomes "http://telegram.org/"). An invalid link yields no
// entity at all, silently, as in Telegram.
import { isIPv6 } from "node:net";
import { cantParse } from "./entity-kinds.js";

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const MAX_USER_ID = 2 ** 40 - 1;

/** tdlib's to_integer_safe<int64>: only the canonical decimal spelling of an int64. */
export function toInt64(value: string): bigint | undefined {
  if (!/^-?\d+$/.test(value)) return undefined;
  const number = BigInt(value);
  if (number < INT64_MIN || number > INT64_MAX || number.toString() !== value) return undefined;
  return number;
}

const lowerAscii = (text: string) => text.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());

/** The query of a tg://<host> link ("" when it has none), or why it is not one. */
function tgLinkQuery(url: string, host: string): { query: string } | { error: "scheme" | "host" } {
  let rest = lowerAscii(url);
  if (!rest.startsWith("tg:")) return { error: "scheme" };
  rest = rest.slice(3);
  if (rest.startsWith("//")) rest = rest.slice(2);
  const after = rest.charAt(host.length);
  if (!rest.startsWith(host) || (after !== "" && !"/?#".includes(after))) return { error: "host" };
  rest = rest.slice(host.length);
  if (rest.startsWith("/")) rest = rest.slice(1);
  if (!rest.startsWith("?")) return { query: "" };
  const hash = rest.indexOf("#");
  return { query: rest.slice(1, hash === -1 ? undefined : hash) };
}

/** The value of the first `key` parameter of a query. */
function queryParameter(query: string, key: string): string | undefined {
  if (query === "") return undefined;
  for (const parameter of query.split("&")) {
    const equals = parameter.indexOf("=");
    const name = equals === -1 ? parameter : parameter.slice(0, equals);
    if (name === key) return equals === -1 ? "" : parameter.slice(equals + 1);
  }
  return undefined;
}

/** The user a tg://user?id=N link mentions, if it is one with a valid user id. */
export function linkUserId(url: string): number | undefined {
  const link = tgLinkQuery(url, "user");
  if ("error" in link) return undefined;
  const value = queryParameter(link.query, "id");
  const id = value === undefined ? undefined : toInt64(value);
  return id !== undefined && id > 0n && id <= BigInt(MAX_USER_ID) ? Number(id) : undefined;
}

/** The custom emoji id of a tg://emoji?id=N link (MarkdownV2); throws Telegram's error if not. */
export function linkCustomEmojiId(url: string): string {
  const link = tgLinkQuery(url, "emoji");
  if ("error" in link) {
    throw cantParse(
      link.error === "scheme"
        ? "Custom emoji URL must have scheme tg"
        : 'Custom emoji URL must have host "emoji"',
    );
  }
  const value = queryParameter(link.query, "id");
  if (value === undefined) throw cantParse("Custom emoji URL must have an emoji identifier");
  return customEmojiId(value);
}

/** A custom emoji id as Telegram accepts it: a non-zero int64. */
export function customEmojiId(value: string): string {
  const id = toInt64(value);
  if (id === undefined || id === 0n) throw cantParse("Invalid custom emoji identifier specified");
  return id.toString();
}

interface HttpUrl {
  https: boolean;
  userinfo: string;
  host: string;
  ipv6: boolean;
  port: number;
  query: string;
}

const HOST_CHARS = /^[a-z0-9._!$,~*'();&+=-]$/;

/** tdlib's parse_url, with http as the default protocol. */
function parseUrl(url: string): HttpUrl | undefined {
  let rest = url;
  const scheme = /^([^:/?#@[\]]*):\/\//.exec(url);
  let https = false;
  if (scheme !== null) {
    const protocol = lowerAscii(scheme[1] ?? "");
    if (protocol !== "http" && protocol !== "https") return undefined;
    https = protocol === "https";
    rest = url.slice(scheme[0].length);
  }
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  let query = authorityEnd === -1 ? "" : rest.slice(authorityEnd);
  let port = 0;
  let hostEnd = authority.length;
  const colon = Math.max(authority.lastIndexOf(":"), 0);
  if (colon > 0 && colon > authority.lastIndexOf("]") && colon > authority.lastIndexOf("@")) {
    const digits = authority.slice(colon + 1).replace(/^0+(?=.)/, "");
    const value = /^\d{1,5}$/.test(digits) ? Number(digits) : 0;
    if (value === 0 || value > 65535) return undefined;
    port = value;
    hostEnd = colon;
  }
  const at = authority.lastIndexOf("@", hostEnd - 1);
  const userinfo = at === -1 ? "" : authority.slice(0, at);
  const host = lowerAscii(authority.slice(at + 1, hostEnd));
  const ipv6 = host.startsWith("[") && host.endsWith("]") && host.length > 1;
  if (ipv6 && !isIPv6(host.slice(1, -1))) return undefined;
  if (host === "" || host === ".") return undefined;
  if (!ipv6 && !validHost(host)) return undefined;
  query = query.replace(/[ \t\r\n\v\f\0]+$/, "");
  if (!query.startsWith("/")) query = `/${query}`;
  query = query.replace(
    /[\0-\x20]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
  return { https, userinfo, host, ipv6, port, query };
}

function validHost(host: string): boolean {
  for (let i = 0; i < host.length; i++) {
    const c = host.charAt(i);
    if (HOST_CHARS.test(c) || c.charCodeAt(0) >= 0x80) continue;
    if (c === "%" && /^[0-9a-f]{2}$/.test(host.slice(i + 1, i + 3))) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

/**
 * tdlib's get_checked_link: the URL a text_link entity keeps, or undefined when Telegram would
 * drop the entity. tg:, ton: and tonsite: links keep their scheme; other links become http(s).
 */
export function checkedLink(link: string): string | undefined {
  const special = /^(tg|ton|tonsite):/i.exec(link);
  let rest = special === null ? link : link.slice(special[0].length);
  if (special !== null && rest.startsWith("//")) rest = rest.slice(2);
  const url = parseUrl(rest);
  if (url === undefined) return undefined;
  if (special !== null) {
    const scheme = lowerAscii(special[1] ?? "");
    if (/^http:\/\//i.test(rest) || url.https || url.userinfo !== "" || url.port !== 0) {
      return undefined;
    }
    if (url.ipv6) return undefined;
    const hostChars = scheme === "tonsite" ? /^[a-z0-9_.-]*$/ : /^[a-z0-9_-]*$/;
    if (!hostChars.test(url.host)) return undefined;
    const query = url.query.startsWith("/?") ? url.query.slice(1) : url.query;
    return `${scheme}://${url.host}${query}`;
  }
  if (!url.host.includes(".") && !url.ipv6) return undefined;
  const userinfo = url.userinfo === "" ? "" : `${url.userinfo}@`;
  const port = url.port === 0 ? "" : `:${url.port}`;
  return `${url.https ? "https" : "http"}://${userinfo}${url.host}${port}${url.query}`;
}
