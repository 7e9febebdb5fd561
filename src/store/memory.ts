// The in-memory store: the reference implementation, used by tests and by STORE_URL=memory:.
import type { ChatSettings, Store } from "./types.js";

export function createMemoryStore(): Store {
  const settings = new Map<number, ChatSettings>();
  return {
    getChatSettings(chatId) {
      return Promise.resolve({ ...settings.get(chatId) });
    },
    updateChatSettings(chatId, patch) {
      settings.set(chatId, { ...settings.get(chatId), ...patch });
      return Promise.resolve();
    },
    close() {
      return Promise.resolve();
    },
  };
}
