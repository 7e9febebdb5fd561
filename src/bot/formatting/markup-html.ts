// The wire format for providers asked to handle HTML (DeepL tag_handling=html, Google format=html,
// Azure textType=html): formatting as ordinary HTML tags the engine moves with the words, line
// breaks as <br>, and protected spans as <span translate="no" class="notranslate"> (DeepL and
// Google honour translate="no", Azure and DeepL class="notranslate"). Every tag carries id="tN",
// so that what comes back is matched to the original spans by number, whatever the engine did to
// names, attributes or case; a protected span's content is always put back from the original.
import { escapeAttribute, escapeHtml } from "./entities-to-html.js";
import type { Labels, Mark } from "./marks.js";
import { isProtected, plainText, type Node, type Span } from "./tree.js";

/** The ordinary HTML tag a formatting entity travels as. */
function nameOf(span: Span): string {
  switch (span.entity.type) {
    case "bold":
      return "b";
    case "italic":
      return "i";
    case "underline":
      return "u";
    case "strikethrough":
      return "s";
    case "text_link":
      return "a";
    case "blockquote":
    case "expandable_blockquote":
      return "blockquote";
    default:
      return "span";
  }
}

const escapeText = (text: string) => escapeHtml(text).replace(/\n/g, "<br>");

export function encodeHtml(nodes: readonly Node[], labels: Labels): string {
  return nodes
    .map((node) => {
      if (typeof node === "string") return escapeText(node);
      const id = `id="t${labels.id(node)}"`;
      if (isProtected(node.entity)) {
        const inner = escapeText(plainText(node.children));
        return `<span translate="no" class="notranslate" ${id}>${inner}</span>`;
      }
      const name = nameOf(node);
      const href =
        node.entity.type === "text_link" ? ` href="${escapeAttribute(node.entity.url)}"` : "";
      return `<${name} ${id}${href}>${encodeHtml(node.children, labels)}</${name}>`;
    })
    .join("");
}

const TAG =
  /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*(\/?)>/y;
const ID = /(?:^|\s)id\s*=\s*["']?t(\d{1,6})\b/i;
const END_SPAN = /<\/span\s*>/gi;

const NAMED: Record<string, string> = {
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

/** Decodes the references engines write (named ones of HTML's basics, and numeric ones). */
export function decodeReferences(text: string): string {
  return text.replace(/&(?:([a-zA-Z]+)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));/g, (whole, ...args) => {
    const [name, decimal, hex] = args as (string | undefined)[];
    if (name !== undefined) return NAMED[name.toLowerCase()] ?? whole;
    const code = decimal !== undefined ? Number(decimal) : parseInt(hex ?? "", 16);
    const valid = code > 0 && code < 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return valid ? String.fromCodePoint(code) : whole;
  });
}

/** The marks of an engine's HTML answer, or undefined when it holds a tag that was not sent. */
export function decodeHtml(translated: string, labels: Labels): Mark[] | undefined {
  const marks: Mark[] = [];
  const open: { name: string; id: number }[] = [];
  let text = "";
  const flush = () => {
    marks.push({ kind: "text", text: decodeReferences(text) });
    text = "";
  };
  for (let i = 0; i < translated.length; i++) {
    TAG.lastIndex = i;
    const tag = translated.charAt(i) === "<" ? TAG.exec(translated) : null;
    if (tag === null) {
      // Anything else, a lone "<" too, is text.
      text += translated.charAt(i);
      continue;
    }
    const [whole, slash, rawName = "", attributes = "", selfClosing] = tag;
    const name = rawName.toLowerCase();
    i += whole.length - 1;
    if (name === "br" && slash === "") {
      text += "\n";
      continue;
    }
    flush();
    if (selfClosing === "/") return undefined;
    if (slash === "/") {
      const top = open.pop();
      if (top?.name !== name) return undefined;
      marks.push({ kind: "close", id: top.id });
      continue;
    }
    const id = Number(ID.exec(attributes)?.[1] ?? 0);
    const span = labels.span(id);
    if (span === undefined) return undefined;
    if (!isProtected(span.entity)) {
      if (name !== nameOf(span)) return undefined;
      open.push({ name, id });
      marks.push({ kind: "open", id });
      continue;
    }
    // A protected span: its content comes from the original, so skip to its end.
    END_SPAN.lastIndex = i + 1;
    const end = END_SPAN.exec(translated);
    if (name !== "span" || end === null || /<span\b/i.test(translated.slice(i + 1, end.index))) {
      return undefined;
    }
    marks.push({ kind: "atom", id });
    i = end.index + end[0].length - 1;
  }
  flush();
  return marks;
}

/** The answer as plain text, best effort: tags dropped, <br> as line breaks, references decoded. */
export function providerHtmlToPlainText(translated: string): string {
  return decodeReferences(
    translated.replace(/<br\s*\/?>/gi, "\n").replace(/<\/?[a-zA-Z][^<>]*>/g, ""),
  );
}
