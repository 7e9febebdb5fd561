// The parsers work on UTF-8 bytes, as tdlib does: Telegram's errors give UTF-8 byte offsets into
// the original text, and tdlib's quirks (in-place rewriting, NUL as the end) only reproduce on
// bytes. Offsets into the result are still counted in UTF-16 code units, from the lead bytes.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A mutable UTF-8 copy of a text. Reading past the end gives 0, like the terminating NUL tdlib
 * relies on; `write` rewrites the buffer in place, which never overtakes the read position.
 */
export class Bytes {
  readonly data: Uint8Array;
  readonly size: number;

  constructor(text: string) {
    this.data = encoder.encode(text);
    this.size = this.data.length;
  }

  at(index: number): number {
    return index < this.size ? (this.data[index] ?? 0) : 0;
  }

  write(index: number, byte: number): void {
    this.data[index] = byte;
  }

  /** Writes `code` as UTF-8 at `index` (surrogates too, as tdlib does); returns the next index. */
  writeCodePoint(index: number, code: number): number {
    const bytes =
      code < 0x80
        ? [code]
        : code < 0x800
          ? [0xc0 | (code >> 6), 0x80 | (code & 0x3f)]
          : code < 0x10000
            ? [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
            : [
                0xf0 | (code >> 18),
                0x80 | ((code >> 12) & 0x3f),
                0x80 | ((code >> 6) & 0x3f),
                0x80 | (code & 0x3f),
              ];
    bytes.forEach((byte, k) => this.write(index + k, byte));
    return index + bytes.length;
  }

  text(start: number, end: number): string {
    return decoder.decode(this.data.subarray(start, end));
  }

  /** The ASCII-lowercased text of [start, end), as tdlib's to_lower. */
  lowerText(start: number, end: number): string {
    return this.text(start, end).replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
  }
}

/** How many UTF-16 code units the character starting with `byte` takes; 0 for a continuation. */
export function utf16Width(byte: number): number {
  if ((byte & 0xc0) === 0x80) return 0;
  return byte >= 0xf0 ? 2 : 1;
}

export const ch = (char: string): number => char.charCodeAt(0);

/** tdlib's is_space: NUL counts, so scans stop at the end of the text. */
export function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0 || (byte >= 0x09 && byte <= 0x0d);
}

export function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

export function isAlpha(byte: number): boolean {
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

export function isHexDigit(byte: number): boolean {
  return isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

export function hexValue(byte: number): number {
  return isDigit(byte) ? byte - 0x30 : (byte | 0x20) - 0x61 + 10;
}
