// installBot's routing: plain messages go straight to the modes' handler, everything else through
// every composer. Telegram is a stub here that records the calls.
import type { Transformer } from "grammy";
import type { Message, Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { createLogger } from "../log.js";
import { createMemoryStore } from "../store/memory.js";
import { createPseudoTranslator } from "../translate/pseudo.js";
import { botIdentity } from "./identity.js";
import { createBot } from "./index.js";

function botWithStub() {
  const calls: Array<{ method: string; payload: Record<string, unknown> }> = [];
  let nextId = 100;
  const telegram: Transformer = (_prev, method, payload) => {
    calls.push({ method, payload });
    const chat = { id: (payload as { chat_id?: number }).chat_id ?? 0, type: "private" };
    return Promise.resolve({ ok: true, result: { message_id: nextId++, date: 0, chat } } as never);
  };
  const store = createMemoryStore();
  const bot = createBot({
    token: "1:test",
    botInfo: botIdentity({ id: 1, username: "routing_bot" }),
    translator: createPseudoTranslator(),
    store,
    logger: createLogger({ level: "silent", secrets: [] }),
    languages: { home: "ko", foreign: "en" },
    transport: { transformer: telegram, close: () => Promise.resolve() },
    flowControl: false,
  });
  return { bot, store, calls };
}

const user = { id: 7, is_bot: false, first_name: "Ada", language_code: "en" };
let updateId = 1;
const messageUpdate = (message: Partial<Message> & Pick<Message, "chat">): Update => ({
  update_id: updateId++,
  message: { message_id: updateId, date: 0, from: user, ...message } as NonNullable<
    Update["message"]
  >,
});

describe("installBot's routing", () => {
  it("translates a plain message, and answers a command in the same chat", async () => {
    const { bot, calls } = botWithStub();
    const chat = { id: 7, type: "private" as const, first_name: "Ada" };
    await bot.handleUpdate(messageUpdate({ chat, text: "오늘 날씨가 정말 좋네요" }));
    const help = "/help";
    await bot.handleUpdate(
      messageUpdate({
        chat,
        text: help,
        entities: [{ type: "bot_command", offset: 0, length: 5 }],
      }),
    );
    const sent = calls.filter((call) => call.method === "sendMessage");
    expect(sent).toHaveLength(2);
    expect(String(sent[0]?.payload.text)).toContain("오늘 날씨가 정말 좋네요");
    expect(String(sent[1]?.payload.text)).toContain("/lang");
  });

  it("moves a group's settings to its new id when it becomes a supergroup, and says nothing", async () => {
    const { bot, store, calls } = botWithStub();
    const group = { id: -50, type: "group" as const, title: "Club" };
    await store.updateChatSettings(-50, { mode: "auto" });
    await bot.handleUpdate(messageUpdate({ chat: group, migrate_to_chat_id: -100_500 }));
    expect(await store.getChatSettings(-100_500)).toMatchObject({ mode: "auto" });
    expect(calls.filter((call) => call.method === "sendMessage")).toEqual([]);
  });
});
