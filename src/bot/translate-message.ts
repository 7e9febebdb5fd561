// The heart of the bot: a text (or a caption) comes in, its translation goes back as a reply.
import type { Context, MiddlewareFn } from "grammy";
import type { Message } from "grammy/types";
import { ProviderError } from "../errors.js";
import { CONFIDENT_DETECTION, detectLanguage, letterContent } from "../translate/detect.js";
import { splitText } from "../translate/split-text.js";
import { chooseTarget } from "./direction.js";
import type { BotDeps } from "./index.js";
import { localeOf, texts } from "./texts.js";

/** Telegram's limit for one message's text. */
export const MESSAGE_LIMIT = 4096;

function isCommand(message: Message): boolean {
  const entities = message.entities ?? message.caption_entities ?? [];
  return (
    entities.some((entity) => entity.type === "bot_command" && entity.offset === 0) ||
    (message.text ?? "").startsWith("/")
  );
}

export function translateMessages(deps: BotDeps): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const message = ctx.message;
    // Groups come with their own modes (manual/auto) later; for now the bot translates private chats.
    if (message === undefined || message.chat.type !== "private") return next();
    const text = message.text ?? message.caption;
    if (text === undefined || isCommand(message) || letterContent(text) === "") return;

    const detection = detectLanguage(text);
    if (detection.language === undefined) return;
    const settings = await deps.store.getChatSettings(message.chat.id);
    const target = chooseTarget({
      detected: detection.language,
      chosen: settings.targetLanguage,
      languages: deps.languages,
    });
    const source = detection.confidence >= CONFIDENT_DETECTION ? detection.language : "auto";

    let translated: string;
    try {
      translated = (await deps.translator.translate({ text, source, target })).text;
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      // Papago's N2MT05: the text is already in the target language; saying so would be noise.
      if (error.kind === "same-language") return;
      deps.logger.warn(
        { err: error, kind: error.kind, chatId: message.chat.id, updateId: ctx.update.update_id },
        "translation failed",
      );
      const say = texts(localeOf(message.from?.language_code));
      await ctx.reply(say.providerFailed(error.kind, { source: detection.language, target }), {
        reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true },
      });
      return;
    }

    for (const chunk of splitText(translated, MESSAGE_LIMIT)) {
      await ctx.reply(chunk, {
        reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true },
      });
    }
  };
}
