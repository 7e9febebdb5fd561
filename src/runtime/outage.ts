// Whether a store failure means the store cannot be reached right now (down, restarting, the network,
// throttling) rather than that it refused this update's data. Every update fails alike during an
// outage, through no fault of its own, so none may be given up on for it: an update that meets one
// waits, unacknowledged, until the store is back (handle-update.ts).
import { StoreError } from "../errors.js";

// Node's socket errors, undici's, and SQLite's "someone else holds the lock".
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "SQLITE_BUSY",
  "SQLITE_LOCKED",
]);
// PostgreSQL's SQLSTATEs for a lost or refused connection (class 08), a server shutting down or
// starting up (57P01-57P03), and too many connections (53300).
const POSTGRES_UNAVAILABLE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
// pg's and pg-pool's own messages for a connection that broke or never came.
const DRIVER_MESSAGES =
  /connection terminated|connection ended unexpectedly|timeout exceeded when trying to connect|not queryable|the database system is (starting up|shutting down)/i;
// The AWS SDK's (DynamoDB) throttling and service failures, left over after its own retries.
const AWS_UNAVAILABLE = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
  "TimeoutError",
]);

interface Described {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

function unreachable(error: unknown, depth: number): boolean {
  if (depth > 8 || typeof error !== "object" || error === null) return false;
  const { code, name, message, cause, $metadata } = error as Described;
  if (typeof code === "string" && (UNREACHABLE_CODES.has(code) || POSTGRES_UNAVAILABLE.test(code)))
    return true;
  if (typeof name === "string" && AWS_UNAVAILABLE.has(name)) return true;
  const status = $metadata?.httpStatusCode;
  if (typeof status === "number" && status >= 500) return true;
  if (typeof message === "string" && DRIVER_MESSAGES.test(message)) return true;
  const inner = error instanceof AggregateError ? (error.errors as unknown[]) : [];
  return [cause, ...inner].some((next) => unreachable(next, depth + 1));
}

/** A StoreError caused by the store being out of reach (see above), not by what was asked of it. */
export function isStoreOutage(error: unknown): boolean {
  return error instanceof StoreError && unreachable(error.cause, 0);
}
