// The last check before a message goes out with parse_mode HTML. Telegram refuses a whole message
// whose markup it cannot parse ("can't parse entities"), so this accepts only a strict subset of
// Telegram's HTML (what entities-to-html.ts writes) and says why anything else is refused; the
// caller then sends the plain text instead.
//
// Accepted: the tags b strong i em u ins s strike del tg-spoiler, span class="tg-spoiler",
// a href="…", tg-emoji emoji-id="<int64>", code, pre, pre > code class="language-…", blockquote
// (optionally expandable); attributes in double quotes; lowercase names; the references &lt; &gt;
// &amp; &quot; and numeric ones, each with its ";". Tags properly nested, nothing but text in code
// and pre (pre > code excepted), nothing but formatting in tg-emoji, no link in a link nor quote
// in a quote. The text left after parsing must hold something besides spaces and line breaks and
// fit the limit (in UTF-16 code units, as Telegram counts them).

/** Telegram's limit for one message's text, after entity parsing. */
export const TEXT_LIMIT = 4096;
/** How many code points of markup Telegram parses at most. */
const MARKUP_LIMIT = 65536;

export type HtmlCheck =
  { ok: true; /** The text Telegram will show. */ text: string } | { ok: false; reason: string };

/** Bold and friends: the only tags allowed inside a custom emoji. */
const STYLE_TAGS = new Set([
  ...["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "tg-spoiler", "span"],
]);
/** Tags without attributes. */
const PLAIN_TAGS = new Set([...STYLE_TAGS, "pre"].filter((name) => name !== "span"));

const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/** The character a reference at `at` stands for and its length, or undefined if not accepted. */
function reference(html: string, at: number): { char: string; length: number } | undefined {
  const match = /&(?:(lt|gt|amp|quot)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/y;
  match.lastIndex = at;
  const found = match.exec(html);
  if (found === null) return undefined;
  const [whole, name, decimal, hex] = found;
  if (name !== undefined) return { char: NAMED[name] ?? "", length: whole.length };
  const code = decimal !== undefined ? Number(decimal) : parseInt(hex ?? "", 16);
  if (code === 0 || code >= 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return { char: String.fromCodePoint(code), length: whole.length };
}

/** Decodes the accepted references of an attribute value; undefined if it has another "&". */
function decodeValue(value: string): string | undefined {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== "&") {
      out += value[i];
      continue;
    }
    const found = reference(value, i);
    if (found === undefined) return undefined;
    out += found.char;
    i += found.length - 1;
  }
  return out;
}

const TAG = /<(\/?)([a-z][a-z-]*)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>/y;
const ATTRIBUTE = /\s+([a-z-]+)(?:="([^"<>]*)")?/g;

/** Whether a start tag's attributes are exactly what the subset allows for it. */
function attributesAllowed(name: string, attributes: [string, string | undefined][]): boolean {
  const [first, ...rest] = attributes;
  if (first === undefined) return PLAIN_TAGS.has(name) || ["code", "blockquote"].includes(name);
  if (rest.length > 0) return false;
  const [attribute, raw] = first;
  const value = raw === undefined ? undefined : decodeValue(raw);
  if (raw !== undefined && value === undefined) return false;
  switch (name) {
    case "a":
      return attribute === "href" && value !== undefined && value.trim() !== "";
    case "span":
      return attribute === "class" && value === "tg-spoiler";
    case "tg-emoji":
      return attribute === "emoji-id" && value !== undefined && /^-?[1-9]\d{0,18}$/.test(value);
    case "code":
      return attribute === "class" && value !== undefined && /^language-./s.test(value);
    case "blockquote":
      return attribute === "expandable" && raw === undefined;
    default:
      return false;
  }
}

interface Open {
  name: string;
  /** Where its content starts in the text, to refuse an empty tg-emoji. */
  start: number;
}

/** Checks `html` against the subset above; `limit` is on the text after parsing. */
export function checkHtml(html: string, limit: number = TEXT_LIMIT): HtmlCheck {
  const refuse = (reason: string): HtmlCheck => ({ ok: false, reason });
  if (html.length > MARKUP_LIMIT && [...html].length > MARKUP_LIMIT) {
    return refuse("markup too long");
  }
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(html)) {
    return refuse("unpaired surrogate");
  }
  const open: Open[] = [];
  let text = "";
  for (let i = 0; i < html.length; i++) {
    const char = html.charAt(i);
    if (char === "&") {
      const found = reference(html, i);
      if (found === undefined) return refuse(`bad character reference at ${i}`);
      text += found.char;
      i += found.length - 1;
      continue;
    }
    if (char === ">") return refuse(`unescaped ">" at ${i}`);
    if (char !== "<") {
      text += char;
      continue;
    }
    TAG.lastIndex = i;
    const tag = TAG.exec(html);
    if (tag === null) return refuse(`malformed tag or unescaped "<" at ${i}`);
    const [whole, slash, name = "", attributeText = ""] = tag;
    i += whole.length - 1;
    const top = open[open.length - 1];
    if (slash === "/") {
      if (attributeText !== "") return refuse(`attributes in end tag at ${i}`);
      if (top?.name !== name) return refuse(`unmatched end tag </${name}>`);
      if (name === "tg-emoji" && text.length === top.start) return refuse("empty tg-emoji");
      open.pop();
      continue;
    }
    const attributes = [...attributeText.matchAll(ATTRIBUTE)].map(
      ([, attribute = "", value]): [string, string | undefined] => [attribute, value],
    );
    if (!PLAIN_TAGS.has(name) && !["a", "span", "tg-emoji", "code", "blockquote"].includes(name)) {
      return refuse(`unsupported tag <${name}>`);
    }
    if (!attributesAllowed(name, attributes)) return refuse(`attributes not allowed in <${name}>`);
    const codeInPre = name === "code" && top?.name === "pre" && top.start === text.length;
    if (attributes.length > 0 && name === "code" && !codeInPre) {
      return refuse("a language outside <pre>");
    }
    if (top?.name === "code") return refuse(`<${name}> inside <code>`);
    if (top?.name === "pre" && !codeInPre) return refuse(`<${name}> inside <pre>`);
    if (!STYLE_TAGS.has(name) && open.some((tag) => tag.name === "tg-emoji")) {
      return refuse(`<${name}> inside <tg-emoji>`);
    }
    if (name === "a" && open.some((tag) => tag.name === "a")) return refuse("a link in a link");
    if (name === "blockquote" && open.some((tag) => tag.name === "blockquote")) {
      return refuse("a quote in a quote");
    }
    open.push({ name, start: text.length });
  }
  const unclosed = open[open.length - 1];
  if (unclosed !== undefined) return refuse(`unclosed <${unclosed.name}>`);
  if (text.replace(/[ \n]/g, "") === "") return refuse("no text");
  if (text.length > limit) return refuse(`text of ${text.length} characters over ${limit}`);
  return { ok: true, text };
}

/**
 * The text of any HTML, best effort, for when it cannot be sent as HTML: tags removed, the
 * references Telegram knows decoded, everything else left as it is.
 */
export function htmlToPlainText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?\/?>/g, "")
    .replace(
      /&(?:(lt|gt|amp|quot)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));?/g,
      (whole, name, dec, hex) => {
        if (typeof name === "string") return NAMED[name] ?? whole;
        const code = typeof dec === "string" ? Number(dec) : parseInt(String(hex), 16);
        const valid = code > 0 && code < 0x10ffff && (code < 0xd800 || code > 0xdfff);
        return valid ? String.fromCodePoint(code) : whole;
      },
    );
}
