// Opens the store named by STORE_URL. Each backend lives in its own file behind the Store contract.
import { createMemoryStore } from "./memory.js";
import { openSqliteStore } from "./sqlite.js";
import type { Store } from "./types.js";

export type { ChatSettings, Store } from "./types.js";

export function openStore(url: string): Store {
  if (url === "memory:") return createMemoryStore();
  if (url.startsWith("sqlite:")) return openSqliteStore(url.slice("sqlite:".length));
  // config.ts validates STORE_URL, so this is a programming error.
  throw new Error(`unsupported store URL scheme in ${url.split(":")[0] ?? url}`);
}
