// Which new messages are translated, by the chat's mode:
// - auto: every message that needs it (chat-settings.ts says into what), except noise (noise.ts):
//   commands, no letters, the bot's own words, other bots, users who opted out (/ignoreme), and in
//   groups one or two words the detector is unsure of. In a private chat every message is a request.
// - manual: only when asked: /tr (with languages or not) as a reply to a message, or a message that
//   mentions the bot (the message itself, or, when the mention is all it says, the one it answers).
// - off: nothing, /tr included (it says so).
// /tr and mentions work in auto mode too: to force a translation, or into another language.
import type { Composer, Context } from "grammy";
import type { Message } from "grammy/types";
import { letterContent } from "../translate/detect.js";
import {
  loadSettings,
  normaliseLanguageCode,
  userLanguageOf,
  type EffectiveSettings,
} from "./chat-settings.js";
import { textsFor } from "./i18n/index.js";
import type { BotDeps } from "./index.js";
import { isCommand, isFromBots, languageOf, mentionsBot, textOf, tooShortToTell } from "./noise.js";
import { sendParts } from "./replies.js";
import { translateMessage, type Translation } from "./translate-message.js";

/**
 * The message this one answers, if it is one a person wrote: in a forum topic, a message that
 * answers nothing carries the topic's creation as reply_to_message.
 */
export function repliedMessage(message: Message): Message | undefined {
  const replied = message.reply_to_message;
  if (replied === undefined || replied.forum_topic_created !== undefined) return undefined;
  if (message.is_topic_message === true && replied.message_id === message.message_thread_id) {
    return undefined;
  }
  return replied;
}

/** Whether auto mode translates this message unasked. */
export function wanted(message: Message, settings: EffectiveSettings): boolean {
  const content = textOf(message);
  if (content === undefined || isCommand(message)) return false;
  if (message.from !== undefined && settings.ignoredUsers.includes(message.from.id)) return false;
  if (message.chat.type === "private") return true;
  return !tooShortToTell(content.text, languageOf(message));
}

async function ask(
  ctx: Context,
  deps: BotDeps,
  translation: Translation,
  job: { message: Message; settings: EffectiveSettings; targets?: string[] },
): Promise<void> {
  const asker = ctx.from;
  await translateMessage(ctx, deps, translation, {
    message: job.message,
    settings: job.settings,
    payer: asker ?? { id: job.message.chat.id },
    asked: job.targets === undefined ? {} : { targets: job.targets },
    askerLanguage: userLanguageOf(asker?.language_code),
  });
}

export function registerModes(
  bot: Composer<Context>,
  deps: BotDeps,
  translation: Translation,
): void {
  bot.command("tr", async (ctx) => {
    const say = textsFor(ctx.from?.language_code);
    const reply = (text: string) => sendParts(ctx, [{ text }], ctx.msg.message_id);
    const settings = await loadSettings(deps.store, ctx.chat, deps.languages);
    if (settings.mode === "off") return void (await reply(say.translationOff));
    const target = repliedMessage(ctx.msg);
    if (target === undefined) return void (await reply(say.trUsage));
    const targets: string[] = [];
    for (const word of ctx.match.split(/[\s,]+/).filter((part) => part !== "")) {
      const code = normaliseLanguageCode(word);
      if (code === undefined) return void (await reply(say.langUnknown(word)));
      if (!targets.includes(code)) targets.push(code);
    }
    await ask(ctx, deps, translation, {
      message: target,
      settings,
      ...(targets.length > 0 ? { targets } : {}),
    });
  });

  bot.on("message", (ctx) => answerMessage(ctx, ctx.message, deps, translation));
}

/**
 * A new message, by the chat's mode (see the top of this file); installBot sends plain messages (no
 * command in them) here directly.
 */
export async function answerMessage(
  ctx: Context,
  message: Message,
  deps: BotDeps,
  translation: Translation,
): Promise<void> {
  // Unknown commands end here too, unanswered.
  if (isCommand(message) || isFromBots(message, ctx.me)) return;
  const content = textOf(message);
  if (content === undefined) return;
  const settings = await loadSettings(deps.store, message.chat, deps.languages);
  if (settings.mode === "off") return;
  if (mentionsBot(message, ctx.me)) {
    // "@bot" alone, as a reply: translate what it answers.
    const replied = repliedMessage(message);
    if (letterContent(content.text) === "") {
      if (replied !== undefined) await ask(ctx, deps, translation, { message: replied, settings });
      return;
    }
    await ask(ctx, deps, translation, { message, settings });
    return;
  }
  if (settings.mode !== "auto" || !wanted(message, settings)) return;
  await translateMessage(ctx, deps, translation, {
    message,
    settings,
    payer: message.from ?? { id: message.chat.id },
  });
}
