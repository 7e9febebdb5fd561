// SQLite store (better-sqlite3): the embedded default for one machine. WAL mode so that readers
// never wait for the writer; the schema version is kept in PRAGMA user_version.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { StoreError } from "../errors.js";
import type { ChatSettings, Store } from "./types.js";

const MIGRATIONS = [
  `CREATE TABLE chat_settings (
     chat_id INTEGER PRIMARY KEY,
     settings TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   )`,
];

function guard<T>(what: string, action: () => T): Promise<T> {
  try {
    return Promise.resolve(action());
  } catch (error) {
    return Promise.reject(
      new StoreError({ message: `SQLite store failed to ${what}`, cause: error }),
    );
  }
}

export function openSqliteStore(path: string): Store {
  let db: Database.Database;
  try {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 5000");
    const version = db.pragma("user_version", { simple: true }) as number;
    db.transaction(() => {
      for (const [index, sql] of MIGRATIONS.entries()) if (index >= version) db.exec(sql);
      db.pragma(`user_version = ${MIGRATIONS.length}`);
    })();
  } catch (error) {
    throw new StoreError({ message: `cannot open SQLite database at ${path}`, cause: error });
  }

  const select = db.prepare<[number], { settings: string }>(
    "SELECT settings FROM chat_settings WHERE chat_id = ?",
  );
  const upsert = db.prepare<[number, string, number]>(
    `INSERT INTO chat_settings (chat_id, settings, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (chat_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
  );
  const read = (chatId: number): ChatSettings => {
    const row = select.get(chatId);
    return row === undefined ? {} : (JSON.parse(row.settings) as ChatSettings);
  };

  return {
    getChatSettings: (chatId) => guard("read chat settings", () => read(chatId)),
    updateChatSettings: (chatId, patch) =>
      guard("write chat settings", () => {
        db.transaction(() => {
          upsert.run(chatId, JSON.stringify({ ...read(chatId), ...patch }), Date.now());
        })();
      }),
    close: () => guard("close", () => void db.close()),
  };
}
