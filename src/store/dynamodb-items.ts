// How babelgram's data is laid out in its one DynamoDB table, keyed by strings pk (partition) and
// sk (sort):
//   chat#<id>            settings         setting.<field> per chat setting
//   chat#<id>            replies#<msg>    reply_ids: the bot's replies to message <msg>
//   chat#<id> | user#<id> usage#<day>     characters, requests (ADD, atomic)
//   update#<id>          claim            state: leased | done
//   translation#<sha256> translation      text, source, provider (when known)
//   counter#<name>       counter          total (ADD, atomic)
// Expiring items carry `until` (epoch ms, what every read and condition decides by) and `expires_at`
// (epoch seconds, never earlier than until: the table's TTL attribute). DynamoDB deletes expired items
// late, so reads treat an item whose `until` has passed as absent.
//
// New item kinds and attributes that old items can be read without (counters, a translation's
// provider) need no new layout version.
import { translationKeyHash } from "./common.js";
import type { CachedTranslation, ChatSettings, TranslationKey, Usage } from "./types.js";

/** The item layout above; a change that old items cannot be read with needs a new version. */
export const LAYOUT_VERSION = 1;
/** The attribute the table's TTL is set on. */
export const TTL_ATTRIBUTE = "expires_at";
const SETTING = "setting.";

export interface ItemKey {
  pk: string;
  sk: string;
}

/** Every item's key, by kind. */
export const itemKey = {
  settings: (chatId: number): ItemKey => ({ pk: `chat#${chatId}`, sk: "settings" }),
  replies: (chatId: number, messageId: number): ItemKey => ({
    pk: `chat#${chatId}`,
    sk: `replies#${messageId}`,
  }),
  usage: (kind: "chat" | "user", id: number, day: string): ItemKey => ({
    pk: `${kind}#${id}`,
    sk: `usage#${day}`,
  }),
  claim: (updateId: number): ItemKey => ({ pk: `update#${updateId}`, sk: "claim" }),
  translation: (key: TranslationKey): ItemKey => ({
    pk: `translation#${translationKeyHash(key)}`,
    sk: "translation",
  }),
  counter: (name: string): ItemKey => ({ pk: `counter#${name}`, sk: "counter" }),
};

/** Expiry attributes of an item that is live until the given instant. */
export const expiring = (until: number) => ({ until, [TTL_ATTRIBUTE]: Math.ceil(until / 1000) });

export function settingsFromItem(item: Record<string, unknown> | undefined): ChatSettings {
  const settings: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item ?? {})) {
    if (name.startsWith(SETTING)) settings[name.slice(SETTING.length)] = value;
  }
  return settings;
}

/**
 * The parts of an UpdateCommand that apply a settings patch (fields given as undefined are
 * removed), or undefined when the patch changes nothing.
 */
export function settingsUpdate(patch: ChatSettings) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const set: string[] = [];
  const remove: string[] = [];
  for (const [index, [field, value]] of Object.entries(patch).entries()) {
    names[`#f${index}`] = `${SETTING}${field}`;
    if (value === undefined) remove.push(`#f${index}`);
    else {
      values[`:v${index}`] = value;
      set.push(`#f${index} = :v${index}`);
    }
  }
  if (set.length + remove.length === 0) return undefined;
  return {
    UpdateExpression: [
      set.length > 0 ? `SET ${set.join(", ")}` : "",
      remove.length > 0 ? `REMOVE ${remove.join(", ")}` : "",
    ].join(" "),
    ExpressionAttributeNames: names,
    ...(set.length > 0 ? { ExpressionAttributeValues: values } : {}),
  };
}

export function translationItem(
  key: TranslationKey,
  translation: CachedTranslation,
  until: number,
): Record<string, unknown> {
  return {
    ...itemKey.translation(key),
    text: translation.text,
    source: translation.source,
    ...(translation.provider === undefined ? {} : { provider: translation.provider }),
    ...expiring(until),
  };
}

export function translationFromItem(item: Record<string, unknown>): CachedTranslation {
  const found = { text: String(item.text), source: String(item.source) };
  return typeof item.provider === "string" ? { ...found, provider: item.provider } : found;
}

export function usageFromItem(item: Record<string, unknown> | undefined): Usage {
  return { characters: Number(item?.characters ?? 0), requests: Number(item?.requests ?? 0) };
}
