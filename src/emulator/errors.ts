// The errors the emulator answers with: Bot API errors (Telegram's envelope and status codes) and
// control API errors (plain JSON), plus the marker for a client that went away mid-request.

/** Extra fields Telegram adds to some errors (`"parameters"` in the envelope). */
export interface ResponseParameters {
  retry_after?: number;
  migrate_to_chat_id?: number;
}

/** A Bot API failure: answered with HTTP status `code` and `{"ok":false,"error_code":code,...}`. */
export class BotApiError extends Error {
  override name = "BotApiError";

  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(`${code} ${description}`);
  }
}

/** 400 `Bad Request: <what>`, the most common Bot API error. */
export function badRequest(what: string): BotApiError {
  return new BotApiError(400, `Bad Request: ${what}`);
}

/** A control API failure: answered with HTTP status `status` and `{"ok":false,"error":message}`. */
export class ControlError extends Error {
  override name = "ControlError";

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The HTTP client closed the connection before its answer was ready; nothing is sent. */
export class ClientGone extends Error {
  override name = "ClientGone";

  constructor() {
    super("the client closed the connection");
  }
}
