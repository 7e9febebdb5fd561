// The store contract: what the bot keeps between updates. Small on purpose, so that a new
// backend (PostgreSQL, DynamoDB) is a day's work.

export interface ChatSettings {
  /** Target language chosen with /lang; undefined means the DEFAULT_LANGUAGES pair decides. */
  targetLanguage?: string;
}

export interface Store {
  /** Settings of a chat, or an empty object for a chat never seen. */
  getChatSettings(chatId: number): Promise<ChatSettings>;
  /** Merges the given fields into the chat's settings. */
  updateChatSettings(chatId: number, patch: ChatSettings): Promise<void>;
  close(): Promise<void>;
}
