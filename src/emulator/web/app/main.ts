// The web chat: a small Telegram client for the emulator's users. It holds which user you are
// and which chat is open, re-fetches everything from the control API whenever the event stream
// says something changed (the world is tiny and local, so whole re-fetches are simplest and can't
// drift), and renders the sidebar and the open chat from that.
import type { Message, User } from "grammy/types";
import type { ChatListEntry } from "../../chat-types.js";
import type { EmulatorEvent } from "../../events.js";
import { api, type Outgoing } from "./api.js";
import type { BubbleContext } from "./bubble.js";
import { ChatView } from "./chat-view.js";
import { Composer, type Draft } from "./composer.js";
import { byId } from "./dom.js";
import { watchEvents } from "./live.js";
import { pressButton, settlePresses } from "./presses.js";
import { renderChatList, renderUserSwitch, type ChatEntry } from "./sidebar.js";
import { showToast } from "./toast.js";

const ME_KEY = "babelgram.web.me";
const CHAT_KEY = "babelgram.web.chat";

const world: { me?: number; chatId?: number } = {};

const app = byId("app", HTMLDivElement);
const view = new ChatView();
const composer = new Composer(send);

function stored(key: string): number | undefined {
  const value = Number(localStorage.getItem(key) ?? Number.NaN);
  return Number.isSafeInteger(value) ? value : undefined;
}

function bubbleContext(me: User, chat: ChatListEntry): BubbleContext {
  return {
    meId: me.id,
    group: chat.type !== "private",
    onReply: (message) => composer.setReply(message),
    onPress: (message, data, button) =>
      pressButton(
        { chat_id: chat.id, message_id: message.message_id, from_id: me.id, data },
        button,
      ),
    onQuoteClick: (messageId) => view.reveal(messageId),
  };
}

async function refresh(): Promise<void> {
  const users = await api.users();
  const known = (id: number | undefined) => users.some((user) => user.id === id);
  if (!known(world.me)) world.me = known(stored(ME_KEY)) ? stored(ME_KEY) : users[0]?.id;
  renderUserSwitch(users, world.me);
  const me = users.find((user) => user.id === world.me);
  if (me === undefined) return view.clear();

  const chats = await api.chats(me.id);
  const histories = await Promise.all(
    chats.map((chat) => api.messages(chat.id).catch((): Message[] => [])),
  );
  const entries: ChatEntry[] = chats.map((chat, index) => ({
    chat,
    last: histories[index]?.at(-1),
  }));
  const has = (id: number | undefined) => chats.some((chat) => chat.id === id);
  if (!has(world.chatId)) world.chatId = has(stored(CHAT_KEY)) ? stored(CHAT_KEY) : chats[0]?.id;
  const order = [...entries].sort((a, b) => (b.last?.date ?? 0) - (a.last?.date ?? 0));
  renderChatList(order, world.chatId, me.id, selectChat);

  const index = chats.findIndex((chat) => chat.id === world.chatId);
  const entry = entries[index];
  if (entry === undefined) return view.clear();
  view.showHeader(entry);
  view.showMessages(entry.chat.id, histories[index] ?? [], bubbleContext(me, entry.chat));
}

/** Runs refresh() one at a time; requests made meanwhile collapse into one more run. */
const scheduleRefresh = (() => {
  let running = false;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    void (async () => {
      do {
        again = false;
        await refresh().catch((error: unknown) => console.error("web chat: refresh", error));
      } while (again);
      running = false;
    })();
  };
})();

function selectChat(chatId: number): void {
  if (chatId !== world.chatId) composer.reset();
  world.chatId = chatId;
  localStorage.setItem(CHAT_KEY, String(chatId));
  app.classList.add("chat-open");
  scheduleRefresh();
  composer.focus();
}

async function send(draft: Draft): Promise<boolean> {
  const { me, chatId } = world;
  if (me === undefined || chatId === undefined) return false;
  const body: Outgoing = draft.photo
    ? { chat_id: chatId, from_id: me, photo: true, ...(draft.text ? { caption: draft.text } : {}) }
    : { chat_id: chatId, from_id: me, text: draft.text };
  if (draft.replyTo !== undefined) body.reply_to_message_id = draft.replyTo.message_id;
  try {
    await api.send(body);
    scheduleRefresh();
    return true;
  } catch (error) {
    showToast(error instanceof Error ? error.message : String(error), true);
    return false;
  }
}

function onEvent(event: EmulatorEvent): void {
  if (event.type === "chat_action") {
    if (event.chat_id === world.chatId) view.showAction(event.action);
    return;
  }
  if (event.type === "callback_answer") {
    settlePresses();
    if (event.text !== undefined) showToast(event.text, event.show_alert === true);
    return;
  }
  if (event.type === "message" && event.chat_id === world.chatId) view.endAction();
  scheduleRefresh();
}

byId("who", HTMLSelectElement).addEventListener("change", (event) => {
  world.me = Number((event.target as HTMLSelectElement).value);
  localStorage.setItem(ME_KEY, String(world.me));
  composer.reset();
  scheduleRefresh();
});
byId("back", HTMLButtonElement).addEventListener("click", () => app.classList.remove("chat-open"));

watchEvents(onEvent, (connected) => {
  byId("status", HTMLDivElement).hidden = connected;
  // Whatever happened while the stream was down is fetched anew.
  if (connected) scheduleRefresh();
});
scheduleRefresh();
