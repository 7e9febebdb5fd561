// Cuts long text for limits counted in UTF-16 code units (Papago's 5000 characters, Telegram's 4096)
// where a reader would: between paragraphs, then lines, sentences, words. Each separator stays at the
// end of the chunk it closes, so chunks.join("") is the original text, byte for byte.

const PARAGRAPH = /\n(?:[^\S\n]*\n)+/g;
const LINE = /\n/g;
// A terminator (plus closing quotes or brackets) and the spaces after it; the full-width ones of
// Chinese and Japanese need no space. "3.14" and "example.com" are not sentence ends.
const SENTENCE = /[.!?…]+["'”’)\]]*[^\S\n]+|[。！？]+["'”’」』)\]]*[^\S\n]*/g;
const SPACE = /\s+/g;

// For text without spaces (Thai, Japanese, Chinese, long URLs): ICU's dictionary word breaks, and
// failing those whole grapheme clusters, so that an emoji or a flag is never cut in two. Made on
// first use: their ICU data costs every process about half a MB of RSS (BENCHMARKS.md), and most
// never cut a text that way.
let segmenters: Intl.Segmenter[] | undefined;
const wordsThenGraphemes = () =>
  (segmenters ??= [
    new Intl.Segmenter(undefined, { granularity: "word" }),
    new Intl.Segmenter(undefined, { granularity: "grapheme" }),
  ]);
// Enough text past the limit for a segmenter to see whether the word or cluster at the limit goes on.
const LOOKAHEAD = 64;

/** The end of the last separator in the window that follows some content, or 0. */
function lastSeparatorEnd(pattern: RegExp, window: string, content: number): number {
  let end = 0;
  for (const match of window.matchAll(pattern)) {
    if (match.index > content) end = match.index + match[0].length;
  }
  return end;
}

/** The last segment start at or before max that follows some content, or 0. */
function lastSegmentStart(segmenter: Intl.Segmenter, text: string, max: number, content: number) {
  let start = 0;
  for (const { index } of segmenter.segment(text.slice(0, max + LOOKAHEAD))) {
    if (index > max) break;
    if (index > content) start = index;
  }
  return start;
}

function cutPoint(text: string, max: number): number {
  const window = text.slice(0, max);
  // A chunk of nothing but whitespace is useless (Telegram refuses it), so a cut needs content first.
  const found = window.search(/\S/);
  const content = found === -1 ? max : found;
  for (const pattern of [PARAGRAPH, LINE, SENTENCE, SPACE]) {
    const end = lastSeparatorEnd(pattern, window, content);
    if (end > 0) return end;
  }
  for (const segmenter of wordsThenGraphemes()) {
    const start = lastSegmentStart(segmenter, text, max, content);
    if (start > 0) return start;
  }
  const last = text.charCodeAt(max - 1);
  return last >= 0xd800 && last <= 0xdbff ? max - 1 : max;
}

/**
 * Splits text into chunks of at most maxLength UTF-16 code units, preferring paragraph breaks, then
 * line breaks, sentence ends, spaces, word boundaries, and only then a hard cut (never inside a
 * surrogate pair). Joining the chunks with "" gives back the text exactly.
 */
export function splitText(text: string, maxLength: number): string[] {
  if (!Number.isInteger(maxLength) || maxLength < 2) {
    throw new RangeError(`maxLength must be an integer of at least 2, got ${maxLength}`);
  }
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > maxLength) {
    const cut = cutPoint(rest, maxLength);
    chunks.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  chunks.push(rest);
  return chunks;
}
