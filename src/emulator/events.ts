// What changed in the emulator's world, for watchers such as the web chat (GET /_control/events).
// Events are derived at the two doors everything passes through — a successful Bot API call and a
// successful control API call — so new methods need no emit of their own: a method named send*,
// edit* or delete*Message* already counts. Events are hints to re-fetch, not a replayable log.
import { isObject } from "./params.js";

export type EmulatorEvent =
  | { type: "message" | "edited" | "deleted"; chat_id?: number | string }
  | { type: "chat_action"; chat_id?: number | string; action: string }
  | { type: "callback_answer"; callback_query_id: string; text?: string; show_alert?: boolean }
  | { type: "users" | "chats" | "reset" };

type Listener = (event: EmulatorEvent) => void;

export class EventHub {
  private readonly listeners = new Set<Listener>();

  /** Tells every listener; `undefined` (a call that changed nothing visible) is ignored. */
  emit(event: EmulatorEvent | undefined): void {
    if (event === undefined) return;
    for (const listener of [...this.listeners]) listener(event);
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Form-encoded calls carry numbers as strings; "@channel" names stay strings. */
function chatIdOf(value: unknown): number | string | undefined {
  if (typeof value === "number") return value;
  if (typeof value !== "string" || value === "") return undefined;
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

/** The event a successful Bot API call stands for, if it changed what a chat shows. */
export function botCallEvent(
  method: string,
  params: Record<string, unknown>,
): EmulatorEvent | undefined {
  const name = method.toLowerCase();
  const chat_id = chatIdOf(params.chat_id);
  const where = chat_id === undefined ? {} : { chat_id };
  if (name === "sendchataction") {
    const action = typeof params.action === "string" ? params.action : "typing";
    return { type: "chat_action", ...where, action };
  }
  if (name === "answercallbackquery") {
    const text = typeof params.text === "string" && params.text !== "" ? params.text : undefined;
    return {
      type: "callback_answer",
      callback_query_id:
        typeof params.callback_query_id === "string" ? params.callback_query_id : "",
      ...(text === undefined ? {} : { text }),
      ...(params.show_alert === true || params.show_alert === "true" ? { show_alert: true } : {}),
    };
  }
  if (/^(send|forward|copy)/.test(name)) return { type: "message", ...where };
  if (name.startsWith("edit") || name === "stoppoll") return { type: "edited", ...where };
  if (/^delete.*message/.test(name)) return { type: "deleted", ...where };
  return undefined;
}

/** The event a successful control API call stands for (`path` is the part after /_control/). */
export function controlEvent(
  httpMethod: string | undefined,
  path: string,
  result: unknown,
): EmulatorEvent | undefined {
  if (httpMethod !== "POST") return undefined;
  // A Message, or (a chosen inline result) an object holding one.
  const message = isObject(result) && isObject(result.message) ? result.message : result;
  const chat = isObject(message) && isObject(message.chat) ? message.chat : undefined;
  const where = typeof chat?.id === "number" ? { chat_id: chat.id } : {};
  if (
    path === "messages" ||
    /^groups\/[^/]+\/topics$/.test(path) ||
    /^inline\/[^/]+\/choose$/.test(path)
  ) {
    return { type: "message", ...where };
  }
  if (path === "edits") return { type: "edited", ...where };
  if (path === "users") return { type: "users" };
  if (path === "groups" || path.startsWith("groups/")) return { type: "chats" };
  if (path === "reset") return { type: "reset" };
  return undefined;
}
