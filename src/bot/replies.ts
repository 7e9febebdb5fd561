// Sending a translation's messages as replies, and changing them when the message they translate is
// edited: the messages there are edited in place, new ones sent after them, ones no longer needed
// deleted. Replies stay in the message's forum topic (grammY's ctx.reply passes message_thread_id
// for a message in a topic).
import type { Context } from "grammy";
import type { OutgoingText } from "./formatting/index.js";

const saying = (error: unknown, words: string) =>
  error instanceof Error && error.message.toLowerCase().includes(words);

/** Telegram refuses an edit that changes nothing: for an edit, that is success. */
export const notModified = (error: unknown) => saying(error, "message is not modified");

const gone = (error: unknown) =>
  saying(error, "message to edit not found") || saying(error, "message can't be edited");

function replyOptions(part: OutgoingText, replyTo: number) {
  return {
    ...(part.parse_mode === undefined ? {} : { parse_mode: part.parse_mode }),
    reply_parameters: { message_id: replyTo, allow_sending_without_reply: true },
  };
}

/** Sends the parts in order as replies to message `replyTo`; the new messages' ids. */
export async function sendParts(
  ctx: Context,
  parts: readonly OutgoingText[],
  replyTo: number,
): Promise<number[]> {
  const ids: number[] = [];
  for (const part of parts) {
    const sent = await ctx.reply(part.text, replyOptions(part, replyTo));
    ids.push(sent.message_id);
  }
  return ids;
}

/** Makes the bot's messages `old` say `parts`; the ids that now hold them, in order. */
export async function replaceParts(
  ctx: Context,
  chatId: number,
  old: readonly number[],
  parts: readonly OutgoingText[],
  replyTo: number,
): Promise<number[]> {
  const ids: number[] = [];
  for (const [index, part] of parts.entries()) {
    const existing = old[index];
    if (existing !== undefined) {
      try {
        await ctx.api.editMessageText(chatId, existing, part.text, {
          ...(part.parse_mode === undefined ? {} : { parse_mode: part.parse_mode }),
        });
        ids.push(existing);
        continue;
      } catch (error) {
        if (notModified(error)) {
          ids.push(existing);
          continue;
        }
        // Deleted meanwhile (or too old to edit): say it anew.
        if (!gone(error)) throw error;
      }
    }
    ids.push(...(await sendParts(ctx, [part], replyTo)));
  }
  await deleteParts(ctx, chatId, old.slice(parts.length));
  return ids;
}

/** Deletes the bot's messages; one already gone is no error. */
export async function deleteParts(
  ctx: Context,
  chatId: number,
  ids: readonly number[],
): Promise<void> {
  for (const id of ids) {
    await ctx.api.deleteMessage(chatId, id).catch((error: unknown) => {
      if (!saying(error, "message to delete not found") && !saying(error, "can't be deleted")) {
        throw error;
      }
    });
  }
}
