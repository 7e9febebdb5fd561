// `babelgram updates`: shows pending updates without confirming them, mostly to find a chat id.
import { Command, InvalidArgumentError } from "commander";
import type { Update } from "grammy/types";
import { telegramCall, telegramFromEnv } from "./telegram.js";

export function parseInteger(min: number, max: number) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    }
    return value;
  };
}

/** One line per update: its id, kind, chat and text. */
export function describeUpdate(update: Update): string {
  const [kind = "unknown"] = Object.keys(update).filter((key) => key !== "update_id");
  const payload = (update as unknown as Record<string, unknown>)[kind] as
    | {
        chat?: { id: number; type: string; title?: string; username?: string; first_name?: string };
        text?: string;
        caption?: string;
        from?: { id: number };
      }
    | undefined;
  const parts = [`update ${update.update_id}`, kind];
  const chat = payload?.chat;
  if (chat !== undefined) {
    const name =
      chat.title ??
      [chat.first_name, chat.username && `@${chat.username}`].filter(Boolean).join(" ");
    parts.push(`chat_id ${chat.id} (${chat.type}${name ? `, ${name}` : ""})`);
  } else if (payload?.from !== undefined) {
    parts.push(`from ${payload.from.id}`);
  }
  const text = payload?.text ?? payload?.caption;
  if (text !== undefined)
    parts.push(JSON.stringify(text.length > 80 ? `${text.slice(0, 79)}…` : text));
  return parts.join("  ");
}

export function updatesCommand(): Command {
  return new Command("updates")
    .description("print pending updates with their chat ids, without confirming them (getUpdates)")
    .option("--limit <n>", "how many at most (1-100)", parseInteger(1, 100), 100)
    .option("--json", "print the raw updates as JSON")
    .action(async (options: { limit: number; json?: boolean }) => {
      const { api } = telegramFromEnv();
      // No offset: nothing is confirmed, so a bot started later still receives these updates.
      const updates = await telegramCall(api.getUpdates({ limit: options.limit, timeout: 0 }));
      if (options.json) {
        console.log(JSON.stringify(updates, null, 2));
      } else if (updates.length === 0) {
        console.log(
          "No pending updates. Send your bot a message in Telegram, then run this again.",
        );
      } else {
        for (const update of updates) console.log(describeUpdate(update));
      }
    });
}
