// Opens the store named by STORE_URL. Each backend lives in its own file behind the Store contract and
// is imported only when chosen, so a runtime that never uses SQLite (Lambda) never loads its driver.
import type { Store } from "./types.js";

export type { ChatSettings, Store } from "./types.js";

export async function openStore(url: string): Promise<Store> {
  if (url === "memory:") return (await import("./memory.js")).createMemoryStore();
  if (url.startsWith("sqlite:")) {
    return (await import("./sqlite.js")).openSqliteStore(url.slice("sqlite:".length));
  }
  // config.ts validates STORE_URL, so this is a programming error.
  throw new Error(`unsupported store URL scheme in ${url.split(":")[0] ?? url}`);
}
