// Edited messages. When a user edits a message the bot translated, the bot edits its translation
// (links.ts finds it): the same languages when someone asked for them, else the chat's rules for the
// new text. More parts than before: the extra ones are sent; fewer: the rest deleted. When the new
// text needs no translation any more (no words, a command, already in the language), the translation
// is deleted; when translating fails, the old one stays.
//
// A message edited that was never translated is translated now if it now qualifies, as a new message
// would be (auto mode: it now has words, or is now in another language; any mode but off: it now
// mentions the bot), and otherwise left alone. Chosen so that fixing a typo never costs a second
// reply, and a message whose first version was noise still gets its translation.
import type { Composer, Context } from "grammy";
import { letterContent } from "../translate/detect.js";
import { loadSettings, userLanguageOf } from "./chat-settings.js";
import type { BotDeps } from "./index.js";
import { readLink, writeLink } from "./links.js";
import { wanted } from "./modes.js";
import { isCommand, isFromBots, mentionsBot, textOf } from "./noise.js";
import { deleteParts } from "./replies.js";
import { translateMessage, type Translation } from "./translate-message.js";

export function registerEdits(
  bot: Composer<Context>,
  deps: BotDeps,
  translation: Translation,
): void {
  bot.on("edited_message", async (ctx) => {
    const message = ctx.editedMessage;
    if (isFromBots(message, ctx.me)) return;
    const chatId = message.chat.id;
    const settings = await loadSettings(deps.store, message.chat, deps.languages);
    if (settings.mode === "off") return;
    const payer = message.from ?? { id: chatId };
    const link = await readLink(deps.store, chatId, message.message_id);

    if (link !== undefined) {
      if (isCommand(message)) {
        await deleteParts(ctx, chatId, link.replies);
        await writeLink(deps.store, chatId, message.message_id, { replies: [] });
        return;
      }
      await translateMessage(ctx, deps, translation, {
        message,
        settings,
        payer,
        existing: link.replies,
        ...(link.asked === undefined ? {} : { asked: link.asked }),
      });
      return;
    }

    const content = textOf(message);
    if (content === undefined || isCommand(message)) return;
    if (mentionsBot(message, ctx.me) && letterContent(content.text) !== "") {
      await translateMessage(ctx, deps, translation, {
        message,
        settings,
        payer,
        asked: {},
        askerLanguage: userLanguageOf(message.from?.language_code),
      });
      return;
    }
    if (settings.mode === "auto" && wanted(message, settings)) {
      await translateMessage(ctx, deps, translation, { message, settings, payer });
    }
  });
}
