// What a Bot API method is to the emulator: a name in Telegram's spelling and a small function from
// (context, parameters) to a result, throwing a BotApiError to refuse.
import type { BotState } from "../bot-state.js";
import type { Params } from "../params.js";
import type { EmulatorState } from "../state.js";
import type { CallRecord } from "../types.js";

export interface MethodContext {
  state: EmulatorState;
  bot: BotState;
  /** Aborts when the HTTP client goes away (long polls stop waiting). */
  signal: AbortSignal;
  /** Adds a `"description"` to a successful answer, as setWebhook's "Webhook was set". */
  describe: (text: string) => void;
}

export interface MethodOutcome {
  result: unknown;
  /** Extra call-log fields, e.g. getUpdates' update_ids. */
  log?: Pick<CallRecord, "update_ids">;
}

export interface Method {
  name: string;
  call(ctx: MethodContext, params: Params): Promise<MethodOutcome>;
}

export function defineMethod<R>(
  name: string,
  run: (ctx: MethodContext, params: Params) => R | Promise<R>,
  log?: (result: R) => MethodOutcome["log"],
): Method {
  return {
    name,
    async call(ctx, params) {
      const result = await run(ctx, params);
      return log === undefined ? { result } : { result, log: log(result) };
    },
  };
}
