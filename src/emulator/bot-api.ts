// One Bot API request, start to end: the token, the parameters, armed faults, the method, the
// envelope Telegram answers with, and the call log entry.
import type { IncomingMessage, ServerResponse } from "node:http";
import { BotApiError, ClientGone } from "./errors.js";
import { botCallEvent } from "./events.js";
import { faultDelay } from "./faults.js";
import { withFloodLimits } from "./flood-limits.js";
import { sendJson } from "./http.js";
import { findMethod } from "./methods/index.js";
import { Params, readParams, type RawParams } from "./params.js";
import type { EmulatorState } from "./state.js";
import type { CallRecord } from "./types.js";

export interface BotApiRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  token: string;
  method: string;
  signal: AbortSignal;
}

function sendError(res: ServerResponse, error: BotApiError): void {
  sendJson(res, error.code, {
    ok: false,
    error_code: error.code,
    description: error.description,
    ...(error.parameters === undefined ? {} : { parameters: error.parameters }),
  });
}

function failure(error: BotApiError): Pick<CallRecord, "ok" | "error_code" | "description"> {
  return { ok: false, error_code: error.code, description: error.description };
}

export async function handleBotApi(state: EmulatorState, request: BotApiRequest): Promise<void> {
  const { res, signal } = request;
  const bot = state.bot(request.token);
  if (bot === undefined) return sendError(res, new BotApiError(401, "Unauthorized"));
  const at = state.now();
  const method = findMethod(request.method);
  const name = method?.name ?? request.method;
  let raw: RawParams = {};
  const log = (entry: Omit<CallRecord, "method" | "params" | "at">) =>
    bot.calls.push({ method: name, params: raw, at, ...entry });

  try {
    raw = await readParams(request.req, request.url);
    if (method === undefined) throw new BotApiError(404, "Not Found: method not found");
    const fault = bot.faults.take(method.name);
    if (fault?.kind === "drop") {
      log({ ok: false, dropped: true });
      request.req.socket.destroy();
      return;
    }
    if (fault?.kind === "delay") await faultDelay(fault.ms, signal);
    else if (fault !== undefined) throw fault.error;

    let description: string | undefined;
    const params = new Params(raw);
    const context = { state, bot, signal, describe: (text: string) => (description = text) };
    const outcome = await withFloodLimits(state, bot, method.name, params, () =>
      method.call(context, params),
    );
    log({ ok: true, ...outcome.log });
    state.events.emit(botCallEvent(method.name, raw));
    sendJson(res, 200, {
      ok: true,
      result: outcome.result,
      ...(description === undefined ? {} : { description }),
    });
  } catch (error) {
    answerFailure(res, error, log);
  }
}

function answerFailure(
  res: ServerResponse,
  error: unknown,
  log: (entry: Omit<CallRecord, "method" | "params" | "at">) => void,
): void {
  if (error instanceof ClientGone) {
    log({ ok: false, description: "connection closed by the client" });
    return;
  }
  if (error instanceof BotApiError) {
    log(failure(error));
    return sendError(res, error);
  }
  // A bug in the emulator: answer like Telegram's rare internal errors, but say what broke.
  const message = error instanceof Error ? error.message : String(error);
  const internal = new BotApiError(500, `Internal Server Error: emulator bug: ${message}`);
  log(failure(internal));
  sendError(res, internal);
}
