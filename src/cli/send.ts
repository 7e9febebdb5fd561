// `babelgram send <chat_id> <text>`: sendMessage from the command line.
import { Command, Option } from "commander";
import type { ParseMode } from "grammy/types";
import { telegramCall, telegramFromEnv } from "./telegram.js";
import { parseInteger } from "./updates.js";

function chatId(raw: string): number | string {
  return /^-?\d+$/.test(raw) ? Number(raw) : raw;
}

export function sendCommand(): Command {
  return new Command("send")
    .description(
      "send a message to a chat (sendMessage); chat_id as shown by `babelgram updates`, or @channel",
    )
    .argument("<chat_id>", "numeric chat id, or @username of a public channel or group")
    .argument("<text>", "the message text")
    .addOption(
      new Option("--parse-mode <mode>", "text formatting").choices([
        "HTML",
        "MarkdownV2",
        "Markdown",
      ]),
    )
    .option("--silent", "send without a notification sound")
    .option(
      "--reply-to <message_id>",
      "reply to this message",
      parseInteger(1, Number.MAX_SAFE_INTEGER),
    )
    .action(
      async (
        rawChatId: string,
        text: string,
        options: { parseMode?: ParseMode; silent?: boolean; replyTo?: number },
      ) => {
        const { api } = telegramFromEnv();
        const sent = await telegramCall(
          api.sendMessage(chatId(rawChatId), text, {
            ...(options.parseMode === undefined ? {} : { parse_mode: options.parseMode }),
            ...(options.silent ? { disable_notification: true } : {}),
            ...(options.replyTo === undefined
              ? {}
              : { reply_parameters: { message_id: options.replyTo } }),
          }),
        );
        console.log(`Sent message ${sent.message_id} to chat ${sent.chat.id}.`);
      },
    );
}
