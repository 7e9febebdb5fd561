// Which bot messages translate which user message, so that an edit of the message edits its
// translation. The store keeps a list of whole numbers per (chat, message): the replies' ids under
// the message's id, and, for a translation someone asked for (/tr, a mention), how it was asked
// under the message's negative id (message ids are positive): a mark, then the languages named,
// each as its code in base 36 with "-" written as "0" ("ja" → 694, "zh-TW" → "zh0tw" → 59,580,788).
// A translation made unasked (auto mode) has no such record: its edit follows the chat's rules.
import type { Store } from "../store/types.js";

/** Leads a request record: a translation someone asked for. */
const ASKED = 1;
/** Codes as normaliseLanguageCode makes them: 2-3 letters, an optional region of 2-4. */
const CODE = /^[a-z]{2,3}(-[a-z]{2,4})?$/i;

export interface Link {
  /** The bot's messages, in order. */
  replies: number[];
  /** Present when someone asked for the translation; `targets` when they named languages. */
  asked?: { targets?: string[] };
}

export function encodeLanguage(code: string): number | undefined {
  if (!CODE.test(code)) return undefined;
  return parseInt(code.toLowerCase().replace("-", "0"), 36);
}

export function decodeLanguage(value: number): string | undefined {
  if (!Number.isSafeInteger(value) || value <= ASKED) return undefined;
  const [base = "", region] = value.toString(36).split("0");
  const code = region === undefined ? base : `${base}-${region.toUpperCase()}`;
  return CODE.test(code) ? code : undefined;
}

export async function readLink(
  store: Store,
  chatId: number,
  messageId: number,
): Promise<Link | undefined> {
  // Telegram's ids are whole numbers; anything else (a malformed update) has no link.
  if (!Number.isSafeInteger(chatId) || !Number.isSafeInteger(messageId)) return undefined;
  const [replies, asked] = await Promise.all([
    store.getReplies(chatId, messageId),
    store.getReplies(chatId, -messageId),
  ]);
  if (replies.length === 0) return undefined;
  if (asked[0] !== ASKED) return { replies };
  const targets = asked.slice(1).flatMap((value) => decodeLanguage(value) ?? []);
  return { replies, asked: targets.length > 0 ? { targets } : {} };
}

/** Records the replies (replacing earlier ones), and how they were asked for. */
export async function writeLink(
  store: Store,
  chatId: number,
  messageId: number,
  link: Link,
): Promise<void> {
  if (!Number.isSafeInteger(chatId) || !Number.isSafeInteger(messageId)) return;
  const encoded = (link.asked?.targets ?? []).flatMap((code) => encodeLanguage(code) ?? []);
  const replies = store.linkReplies(chatId, messageId, link.replies);
  // Most messages are translated unasked: their one row is all there is to write.
  if (link.asked === undefined && link.replies.length > 0) return replies;
  await Promise.all([
    replies,
    store.linkReplies(chatId, -messageId, link.asked === undefined ? [] : [ASKED, ...encoded]),
  ]);
}
