// Shared by the formatting tests: Telegram's refusal description of a call that should fail.
import { BotApiError } from "../errors.js";

/** The description of the BotApiError `run` throws; fails the test if it throws none. */
export function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof BotApiError) return error.description;
    throw error;
  }
  throw new Error("expected a Bot API error, got none");
}

/** The description Telegram gives a markup error tdlib words as `message`. */
export const cantParse = (message: string) => `Bad Request: can't parse entities: ${message}`;
