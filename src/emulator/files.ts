// Files the bot sends: photos and documents with Telegram-shaped file_id and file_unique_id. As in
// Telegram, file_ids belong to one bot, and sending a known file_id again sends the same file.
import { randomBytes } from "node:crypto";
import type { Document, PhotoSize } from "grammy/types";

export type StoredFile =
  { kind: "photo"; photo: PhotoSize[] } | { kind: "document"; document: Document };

export class FileStore {
  private readonly byId = new Map<string, StoredFile>();

  remember(file: StoredFile): StoredFile {
    const ids =
      file.kind === "photo" ? file.photo.map((size) => size.file_id) : [file.document.file_id];
    for (const id of ids) this.byId.set(id, file);
    return file;
  }

  find(fileId: string): StoredFile | undefined {
    return this.byId.get(fileId);
  }

  clear(): void {
    this.byId.clear();
  }
}

const token = (bytes: number) => randomBytes(bytes).toString("base64url");

/**
 * A new photo as Telegram stores an upload: the same picture in several sizes, smallest first. The
 * emulator does not decode images, so the sizes are a fixed 4:3 ladder; the largest keeps the
 * uploaded byte count.
 */
export function newPhoto(byteSize: number): PhotoSize[] {
  const id = `AgACAgIAAxkBAAI${token(42)}`;
  const unique = `AQAD${token(9)}`;
  const ladder: [number, number][] = [
    [90, 68],
    [320, 240],
    [800, 600],
  ];
  return ladder.map(([width, height], index) => ({
    file_id: `${id}${index}`,
    file_unique_id: `${unique}${index}`,
    width,
    height,
    file_size: Math.max(1, Math.round((byteSize * (width * height)) / (800 * 600))),
  }));
}

const MIME_TYPES: Record<string, string> = {
  txt: "text/plain",
  csv: "text/csv",
  html: "text/html",
  json: "application/json",
  pdf: "application/pdf",
  zip: "application/zip",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  mp3: "audio/mpeg",
  ogg: "audio/ogg",
  mp4: "video/mp4",
};

/** Telegram takes the MIME type from the file name when the upload says only octet-stream. */
export function mimeTypeOf(fileName: string, given?: string): string {
  if (given !== undefined && given !== "" && given !== "application/octet-stream") return given;
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? "";
  return MIME_TYPES[extension] ?? "application/octet-stream";
}

export function newDocument(fileName: string, mimeType: string, byteSize: number): Document {
  return {
    file_id: `BQACAgIAAxkBAAI${token(42)}`,
    file_unique_id: `AgAD${token(9)}`,
    file_name: fileName,
    mime_type: mimeType,
    file_size: byteSize,
  };
}
