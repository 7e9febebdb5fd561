// /settings: the chat's settings as a message with an inline keyboard that edits itself in place as
// its buttons are pressed: the mode, the chat's languages, what other languages go into, language
// tags, and formality when the translator can choose it in one of the chat's languages. In a group
// only admins may press (anyone else gets a notice and nothing changes); choosing auto where the bot
// cannot see the group's messages (privacy mode, not an admin) says what to do about it.
import { InlineKeyboard, type Composer, type Context } from "grammy";
import type { Chat } from "grammy/types";
import type { ChatSettings } from "../store/types.js";
import {
  loadSettings,
  MODES,
  normaliseLanguageCode,
  offersFormality,
  summaryOf,
  type EffectiveSettings,
  type Formality,
  type FormalityOffer,
} from "./chat-settings.js";
import type { GroupAdmins } from "./group-admins.js";
import { languageName, textsFor, type Catalogue, type SettingsView } from "./i18n/index.js";
import type { BotDeps } from "./index.js";
import { notModified } from "./replies.js";

/** The languages offered as buttons (any other can be set with /lang). */
export const MENU_LANGUAGES = [
  "en",
  "ko",
  "ja",
  "zh",
  "es",
  "fr",
  "de",
  "ru",
  "vi",
  "th",
  "id",
  "it",
];
const FORMALITIES: (Formality | undefined)[] = [undefined, "formal", "informal"];
const tick = (on: boolean, label: string) => `${on ? "✓ " : ""}${label}`;

export interface SettingsMenuOptions {
  admins: GroupAdmins;
  /**
   * Where the translator can translate formally or informally: the button shows in chats that
   * translate into one of those languages.
   */
  formality: FormalityOffer;
}

export function settingsKeyboard(
  settings: EffectiveSettings,
  view: SettingsView,
  say: Catalogue,
  formality: boolean,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (view !== "main") {
    const chosen = view === "languages" ? settings.languages : settings.targets;
    const action = view === "languages" ? "lang" : "target";
    const offered = [...MENU_LANGUAGES, ...chosen.filter((code) => !MENU_LANGUAGES.includes(code))];
    offered.forEach((code, index) => {
      keyboard.text(tick(chosen.includes(code), languageName(code, code)), `st:${action}:${code}`);
      if (index % 3 === 2) keyboard.row();
    });
    return keyboard.row().text(say.settingsButtons.back, "st:view:main");
  }
  for (const mode of MODES)
    keyboard.text(tick(settings.mode === mode, say.mode(mode)), `st:mode:${mode}`);
  keyboard.row().text(say.settingsButtons.languages(settings.languages), "st:view:languages");
  keyboard.row().text(say.settingsButtons.targets(settings.targets), "st:view:targets");
  keyboard.row().text(say.settingsButtons.tag(settings.showSourceTag), "st:tag");
  if (formality) keyboard.row().text(say.settingsButtons.formality(settings.formality), "st:form");
  return keyboard.row().text(say.settingsButtons.done, "st:done");
}

/** Adds or removes a language; undefined when that would leave none. */
function toggle(list: readonly string[], code: string): string[] | undefined {
  if (!list.includes(code)) return [...list, code];
  const left = list.filter((item) => item !== code);
  return left.length === 0 ? undefined : left;
}

type Change = { patch?: ChatSettings; view: SettingsView } | "keep-one" | "unknown";

/** What a button press changes, from the settings it was pressed on. */
export function pressed(action: string, arg: string, settings: EffectiveSettings): Change {
  switch (action) {
    case "mode":
      return MODES.includes(arg as EffectiveSettings["mode"])
        ? { patch: { mode: arg as EffectiveSettings["mode"] }, view: "main" }
        : "unknown";
    case "view":
      return arg === "languages" || arg === "targets" || arg === "main" ? { view: arg } : "unknown";
    case "lang":
    case "target": {
      const code = normaliseLanguageCode(arg);
      if (code === undefined) return "unknown";
      const languages = action === "lang";
      const list = toggle(languages ? settings.languages : settings.targets, code);
      if (list === undefined) return "keep-one";
      return languages
        ? { patch: { languages: list, targetLanguage: undefined }, view: "languages" }
        : { patch: { targets: list }, view: "targets" };
    }
    case "tag":
      return { patch: { showSourceTag: !settings.showSourceTag }, view: "main" };
    case "form": {
      const next = FORMALITIES[(FORMALITIES.indexOf(settings.formality) + 1) % FORMALITIES.length];
      return { patch: { formality: next }, view: "main" };
    }
    default:
      return "unknown";
  }
}

export function registerSettingsMenu(
  bot: Composer<Context>,
  deps: BotDeps,
  options: SettingsMenuOptions,
): void {
  const { admins, formality } = options;

  /** The privacy warning, when the chat is a group in auto mode whose messages the bot can't see. */
  async function warningFor(
    chat: Pick<Chat, "id" | "type">,
    settings: EffectiveSettings,
    say: Catalogue,
  ) {
    if (chat.type === "private" || settings.mode !== "auto") return undefined;
    return (await admins.seesEverything(chat.id)) ? undefined : say.privacyWarning;
  }

  async function screen(ctx: Context, chat: Pick<Chat, "id" | "type">, view: SettingsView) {
    const say = textsFor(ctx.from?.language_code);
    const settings = await loadSettings(deps.store, chat, deps.languages);
    const warning = await warningFor(chat, settings, say);
    return {
      text: say.settingsText(summaryOf(settings, chat), view, warning),
      keyboard: settingsKeyboard(settings, view, say, offersFormality(formality, settings)),
      warning,
    };
  }

  bot.command("settings", async (ctx) => {
    const { text, keyboard } = await screen(ctx, ctx.chat, "main");
    await ctx.reply(text, { reply_markup: keyboard });
  });

  bot.callbackQuery(/^st:([a-z]+)(?::(.+))?$/, async (ctx) => {
    const chat = ctx.chat;
    const say = textsFor(ctx.from.language_code);
    if (chat === undefined) return void (await ctx.answerCallbackQuery());
    if (!(await admins.mayChange(chat, ctx.from.id))) {
      await ctx.answerCallbackQuery({ text: say.onlyAdmins, show_alert: true });
      return;
    }
    const [action = "", arg = ""] = ctx.match.slice(1);
    if (action === "done") {
      const settings = await loadSettings(deps.store, chat, deps.languages);
      await ctx.answerCallbackQuery();
      await ctx
        .editMessageText(say.settingsText(summaryOf(settings, chat), "main", undefined))
        .catch((error: unknown) => {
          if (!notModified(error)) throw error;
        });
      return;
    }
    const before = await loadSettings(deps.store, chat, deps.languages);
    const change = pressed(action, arg, before);
    if (change === "unknown" || change === "keep-one") {
      await ctx.answerCallbackQuery(change === "keep-one" ? { text: say.keepOne } : {});
      return;
    }
    if (change.patch !== undefined) await deps.store.updateChatSettings(chat.id, change.patch);
    const { text, keyboard, warning } = await screen(ctx, chat, change.view);
    const justChosenAuto = change.patch?.mode === "auto" && warning !== undefined;
    await ctx.answerCallbackQuery(
      justChosenAuto
        ? { text: warning, show_alert: true }
        : change.patch !== undefined
          ? { text: say.saved }
          : {},
    );
    await ctx.editMessageText(text, { reply_markup: keyboard }).catch((error: unknown) => {
      if (!notModified(error)) throw error;
    });
  });
}
