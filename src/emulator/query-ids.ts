// Identifiers Telegram gives callback and inline queries: decimal strings of 64-bit numbers, and a
// chat_instance that stays the same for one chat (and bot) and differs between chats.
import { createHash, randomBytes } from "node:crypto";

export function newQueryId(): string {
  return BigInt.asUintN(63, randomBytes(8).readBigUInt64BE()).toString();
}

export function chatInstance(botId: number, chatId: number): string {
  return createHash("sha256").update(`${botId}:${chatId}`).digest().readBigInt64BE().toString();
}
