// The webhook reply: a 2xx answer to a delivery may carry one Bot API call, as a JSON object with a
// `method` field. Telegram runs it as the bot and tells nobody how it went; it ignores get*
// methods, setWebhook, deleteWebhook, close and logOut there. The call goes through the same
// method table, faults and flood limits as an HTTP call, and lands in the call log.
import type { BotState } from "../bot-state.js";
import { BotApiError, ClientGone } from "../errors.js";
import { botCallEvent } from "../events.js";
import { faultDelay } from "../faults.js";
import { withFloodLimits } from "../flood-limits.js";
import { findMethod } from "../methods/index.js";
import { isObject, Params } from "../params.js";
import type { EmulatorState } from "../state.js";
import type { CallRecord } from "../types.js";
import type { WebhookAnswer } from "./post.js";

const IGNORED = new Set(["setwebhook", "deletewebhook", "close", "logout"]);

/** The call a webhook answer carries, if any: its method name and parameters. */
function replyCall(
  answer: WebhookAnswer,
): { name: string; raw: Record<string, unknown> } | undefined {
  const type = (answer.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json" || answer.body.length === 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body.toString("utf8"));
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || typeof parsed.method !== "string") return undefined;
  const name = parsed.method;
  const raw = { ...parsed };
  delete raw.method;
  const lower = name.toLowerCase();
  if (lower === "" || IGNORED.has(lower) || lower.startsWith("get")) return undefined;
  return { name, raw };
}

/** Runs the call in a webhook's answer, if there is one; never throws. */
export async function runWebhookReply(
  state: EmulatorState,
  bot: BotState,
  answer: WebhookAnswer,
  signal: AbortSignal,
): Promise<void> {
  const call = replyCall(answer);
  if (call === undefined) return;
  const { raw } = call;
  const method = findMethod(call.name);
  const at = state.now();
  const log = (entry: Omit<CallRecord, "method" | "params" | "at">): void => {
    bot.calls.push({
      method: method?.name ?? call.name,
      params: raw,
      at,
      ...entry,
      webhook_reply: true,
    });
  };
  try {
    if (method === undefined) throw new BotApiError(404, "Not Found: method not found");
    const fault = bot.faults.take(method.name);
    if (fault?.kind === "drop") {
      log({ ok: false, dropped: true });
      return;
    }
    if (fault?.kind === "delay") await faultDelay(fault.ms, signal);
    else if (fault !== undefined) throw fault.error;

    const params = new Params(raw);
    const context = { state, bot, signal, describe: () => undefined };
    const outcome = await withFloodLimits(state, bot, method.name, params, () =>
      method.call(context, params),
    );
    log({ ok: true, ...outcome.log });
    state.events.emit(botCallEvent(method.name, raw));
  } catch (error) {
    if (error instanceof ClientGone) return;
    const failure =
      error instanceof BotApiError
        ? error
        : new BotApiError(
            500,
            `Internal Server Error: emulator bug: ${error instanceof Error ? error.message : String(error)}`,
          );
    log({ ok: false, error_code: failure.code, description: failure.description });
  }
}
