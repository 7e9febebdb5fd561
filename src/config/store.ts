// STORE_URL: which storage backend keeps babelgram's data (src/store/ opens it).
import { ConfigError } from "../errors.js";
import { value, type Env } from "./env.js";

/** STORE_URL, checked for shape only (the value may hold a password, so it is never echoed). */
export function storeUrl(env: Env): string {
  const raw = value(env, "STORE_URL") ?? "sqlite:./data/babelgram.db";
  if (raw === "memory:" || (raw.startsWith("sqlite:") && raw.length > "sqlite:".length)) return raw;
  const fail = (message: string) => new ConfigError({ variable: "STORE_URL", message });
  if (/^postgres(ql)?:\/\//.test(raw)) {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw fail("is not a valid URL; expected postgres://user:password@host:5432/database");
    }
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(parsed.searchParams.get("schema") ?? "public")) {
      throw fail("?schema= must be lowercase letters, digits and _ (e.g. ?schema=babelgram)");
    }
    return raw;
  }
  if (raw.startsWith("dynamodb:")) {
    if (/^dynamodb:[A-Za-z0-9_.-]{3,255}(\?.*)?$/.test(raw)) return raw;
    throw fail(
      "expected dynamodb:<table>?region=<region>, e.g. dynamodb:babelgram?region=eu-west-1",
    );
  }
  throw fail(
    "expected sqlite:<path> (e.g. sqlite:./data/babelgram.db), postgres://user:password@host/database, dynamodb:<table>?region=<region> or memory:",
  );
}
