// STORE_URL for PostgreSQL, taken apart: what pg connects with, babelgram's schema, and a version
// of the URL without the password for messages.
import { StoreError } from "../errors.js";

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresTarget {
  /** What pg connects with: STORE_URL without babelgram's own parameters. */
  connectionString: string;
  schema: string;
  /** STORE_URL without the password, for messages. */
  location: string;
  password: string;
}

/** Splits STORE_URL into pg's connection string and babelgram's schema; never echoes a password. */
export function parsePostgresUrl(url: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreError({ message: "STORE_URL is not a postgres://user@host/database URL" });
  }
  const schema = parsed.searchParams.get("schema") ?? "public";
  if (!SCHEMA_NAME.test(schema)) {
    throw new StoreError({
      message: "the schema in STORE_URL must be lowercase letters, digits and _ (e.g. ?schema=bot)",
    });
  }
  const password = decodeURIComponent(parsed.password);
  const shown = new URL(parsed);
  shown.password = "";
  parsed.searchParams.delete("schema");
  return { connectionString: parsed.toString(), schema, location: shown.toString(), password };
}
