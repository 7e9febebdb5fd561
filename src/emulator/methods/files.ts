// The file a send method is given: an upload (a multipart part, by its own name or through
// "attach://<part>"), an HTTP URL, or a file_id. A file_id the bot got earlier means that file; an
// unknown one is accepted when it has the shape of the emulator's ids, whose prefix tells the type
// as Telegram's ids do (users' photos, videos, documents and stickers are made up, not remembered).
import type { Document, PhotoSize } from "grammy/types";
import type { BotState } from "../bot-state.js";
import { badRequest } from "../errors.js";
import { mimeTypeOf, newDocument, newPhoto, type StoredFile } from "../files.js";
import { UploadedFile } from "../multipart.js";
import type { Params } from "../params.js";

/** A made-up size for files Telegram would download from a URL: the emulator stays offline. */
const URL_FILE_BYTES = 48_213;

const WRONG_FILE = "wrong file identifier/HTTP URL specified";

const KIND_BY_PREFIX: [string, string][] = [
  ["AgAC", "Photo"],
  ["BQAC", "Document"],
  ["BAAC", "Video"],
  ["CAAC", "Sticker"],
];

type FileInput =
  | { kind: "upload"; file: UploadedFile }
  | { kind: "url"; url: string }
  | { kind: "file_id"; id: string };

function fileInput(params: Params, name: string): FileInput | undefined {
  const value = params.raw[name];
  if (value instanceof UploadedFile) return { kind: "upload", file: value };
  if (typeof value !== "string" || value.trim() === "") return undefined;
  if (value.startsWith("attach://")) {
    const part = params.raw[value.slice("attach://".length)];
    if (part instanceof UploadedFile) return { kind: "upload", file: part };
    throw badRequest(WRONG_FILE);
  }
  if (/^https?:\/\//i.test(value)) return { kind: "url", url: value };
  return { kind: "file_id", id: value.trim() };
}

/** The type Telegram names for a file_id, or undefined when it is not one of the emulator's. */
function kindOfFileId(bot: BotState, id: string): string | undefined {
  const known = bot.records.files.find(id);
  if (known !== undefined) return known.kind === "photo" ? "Photo" : "Document";
  if (!/^[A-Za-z0-9_-]{24,}$/.test(id)) return undefined;
  return KIND_BY_PREFIX.find(([prefix]) => id.startsWith(prefix))?.[1];
}

function checkKind(bot: BotState, id: string, wanted: string): void {
  const kind = kindOfFileId(bot, id);
  if (kind === undefined) throw badRequest(WRONG_FILE);
  if (kind !== wanted) throw badRequest(`can't use file of type ${kind} as ${wanted}`);
}

/** The photo a sendPhoto call names, remembered under its new file_ids. */
export function photoParam(bot: BotState, params: Params): PhotoSize[] {
  const input = fileInput(params, "photo");
  if (input === undefined) throw badRequest("there is no photo in the request");
  const files = bot.records.files;
  if (input.kind === "file_id") {
    checkKind(bot, input.id, "Photo");
    const known = files.find(input.id);
    if (known?.kind === "photo") return known.photo;
    const sizes = newPhoto(URL_FILE_BYTES);
    const last = sizes.at(-1);
    if (last !== undefined) last.file_id = input.id;
    return remember(bot, { kind: "photo", photo: sizes }).photo;
  }
  const bytes = input.kind === "upload" ? input.file.data.length : URL_FILE_BYTES;
  return remember(bot, { kind: "photo", photo: newPhoto(bytes) }).photo;
}

/** The document a sendDocument call names, remembered under its new file_id. */
export function documentParam(bot: BotState, params: Params): Document {
  const input = fileInput(params, "document");
  if (input === undefined) throw badRequest("there is no document in the request");
  if (input.kind === "file_id") {
    checkKind(bot, input.id, "Document");
    const known = bot.records.files.find(input.id);
    if (known?.kind === "document") return known.document;
    const document = { ...newDocument("document", mimeTypeOf("document"), 0), file_id: input.id };
    return remember(bot, { kind: "document", document }).document;
  }
  const name = input.kind === "upload" ? input.file.filename : urlFileName(input.url);
  const type = mimeTypeOf(name, input.kind === "upload" ? input.file.contentType : undefined);
  const bytes = input.kind === "upload" ? input.file.data.length : URL_FILE_BYTES;
  return remember(bot, { kind: "document", document: newDocument(name, type, bytes) }).document;
}

/** The last path segment of a URL, as Telegram names a downloaded file. */
function urlFileName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "") || "file";
  } catch {
    throw badRequest(WRONG_FILE);
  }
}

function remember<F extends StoredFile>(bot: BotState, file: F): F {
  bot.records.files.remember(file);
  return file;
}
