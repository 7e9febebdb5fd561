// multipart/form-data bodies, read leniently as Telegram reads them. Node's own parser (undici's
// Response.formData) refuses what grammY sends: part headers without a space after the colon and
// unquoted filenames (`content-disposition:form-data;name="x";filename=photo.jpg`).

/** One uploaded file part. Logged as a short summary, never as its bytes. */
export class UploadedFile {
  constructor(
    readonly filename: string,
    readonly contentType: string,
    readonly data: Buffer,
  ) {}

  toJSON(): { file_name: string; mime_type: string; size: number } {
    return { file_name: this.filename, mime_type: this.contentType, size: this.data.length };
  }
}

/** The boundary of a multipart Content-Type header, if it names one. */
export function multipartBoundary(contentType: string): string | undefined {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/** A header's parameters, e.g. `form-data; name="a"; filename=b.jpg` → {name: "a", filename: "b.jpg"}. */
function headerParams(value: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const match of value.matchAll(/;\s*([\w*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g)) {
    const [, key = "", quoted, bare] = match;
    params[key.toLowerCase()] = quoted?.replace(/\\(.)/g, "$1") ?? bare?.trim() ?? "";
  }
  return params;
}

function partHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/**
 * The fields (as strings) and files of a multipart body; undefined when it cannot be read (no
 * boundary, or no part at all), which Telegram answers with a bare 400.
 */
export function parseMultipart(
  body: Buffer,
  boundary: string,
): Record<string, string | UploadedFile> | undefined {
  const delimiter = Buffer.from(`--${boundary}`);
  const values: Record<string, string | UploadedFile> = {};
  let start = body.indexOf(delimiter);
  if (start < 0) return undefined;
  let parts = 0;
  while (start >= 0) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === "--") break;
    const next = body.indexOf(delimiter, afterDelimiter);
    if (next < 0) break;
    // A part is CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
    const part = body.subarray(afterDelimiter + 2, next - 2);
    const split = part.indexOf("\r\n\r\n");
    const headers = partHeaders(part.subarray(0, split < 0 ? part.length : split).toString());
    const content = split < 0 ? Buffer.alloc(0) : part.subarray(split + 4);
    const disposition = headerParams(headers.get("content-disposition") ?? "");
    const name = disposition.name;
    if (name !== undefined && !(name in values)) {
      values[name] =
        disposition.filename === undefined
          ? content.toString("utf8")
          : new UploadedFile(
              disposition.filename,
              headers.get("content-type") ?? "application/octet-stream",
              Buffer.from(content),
            );
    }
    parts++;
    start = next;
  }
  return parts === 0 ? undefined : values;
}
