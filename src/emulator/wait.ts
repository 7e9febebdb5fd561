// Waiting for the bot to say something: resolves as soon as enough bot messages exist, driven by
// the state's bot-message events (no polling loop), with a timeout that says what did arrive.
import type { Message } from "grammy/types";
import type { BotState } from "./bot-state.js";
import { ClientGone, ControlError } from "./errors.js";
import type { EmulatorState } from "./state.js";
import type { WaitRequest } from "./types.js";

export const DEFAULT_WAIT_MS = 10_000;

/** The messages `bot` sent, in order: in one chat, or everywhere. */
export function sentMessages(bot: BotState, chatId?: number): Message[] {
  return bot.sent
    .map((stored) => stored.message)
    .filter((message) => chatId === undefined || message.chat.id === chatId);
}

export function waitForBotMessages(
  state: EmulatorState,
  bot: BotState,
  request: WaitRequest,
  signal: AbortSignal,
): Promise<Message[]> {
  const { chat_id: chatId, count } = request;
  const timeoutMs = request.timeout_ms ?? DEFAULT_WAIT_MS;
  const ready = () => {
    const messages = sentMessages(bot, chatId);
    return messages.length >= count ? messages : undefined;
  };
  const now = ready();
  if (now !== undefined) return Promise.resolve(now);
  if (signal.aborted) return Promise.reject(new ClientGone());

  return new Promise((resolve, reject) => {
    const finish = (outcome: Message[] | Error) => {
      unsubscribe();
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const unsubscribe = state.onBotMessage((sender) => {
      const messages = sender === bot ? ready() : undefined;
      if (messages !== undefined) finish(messages);
    });
    const timer = setTimeout(() => finish(timeoutError(bot, request, timeoutMs)), timeoutMs);
    timer.unref();
    const onAbort = () => finish(new ClientGone());
    signal.addEventListener("abort", onAbort);
  });
}

function timeoutError(bot: BotState, request: WaitRequest, timeoutMs: number): ControlError {
  const got = sentMessages(bot, request.chat_id);
  const where = request.chat_id === undefined ? "" : ` in chat ${request.chat_id}`;
  const texts = got.map((message) => JSON.stringify(message.text ?? "(no text)")).join(", ");
  return new ControlError(
    408,
    `timed out after ${timeoutMs} ms waiting for ${request.count} bot message(s)${where}; ` +
      `got ${got.length}${texts ? `: ${texts}` : ""}`,
  );
}
