// A small typed client of the emulator's control API (see control.ts), for tests. Errors from the
// control API are thrown as Error with the server's message.
import type { BotCommand, Message, User } from "grammy/types";
import type {
  BotStateView,
  CallRecord,
  FaultRequest,
  FloodLimitsView,
  GroupChat,
  InjectedUpdate,
  InjectResult,
  NewGroup,
  NewUser,
  UserEdit,
  UserMessage,
  WaitRequest,
} from "./types.js";
import type {
  ButtonPress,
  CallbackAnswer,
  ChatActionView,
  ChatListEntry,
  ForwardRequest,
  InlineAnswer,
  InlineChoice,
  InlineChoiceResult,
  InlineQueryRequest,
  MemberChange,
  MemberChangeResult,
  MenuQuery,
  NewTopic,
} from "./chat-types.js";

type Query = Record<string, string | number | undefined>;

/** Slack on top of a wait's own timeout before the client gives up on the HTTP request. */
const WAIT_SLACK_MS = 5_000;
const DEFAULT_WAIT_MS = 10_000;

export class EmulatorClient {
  private readonly base: string;

  /** `url` is the emulator's url; `token` picks the bot (default: the emulator's first bot). */
  constructor(
    url: string,
    private readonly token?: string,
  ) {
    this.base = url.replace(/\/+$/, "");
  }

  createUser(user: NewUser): Promise<User> {
    return this.post("users", user);
  }

  /** Every user, oldest first. */
  users(): Promise<User[]> {
    return this.get("users", {});
  }

  createGroup(group: NewGroup): Promise<GroupChat> {
    return this.post("groups", group);
  }

  /** A member opens a topic in a forum supergroup: the forum_topic_created service message. */
  createTopic(chatId: number, topic: NewTopic): Promise<Message> {
    return this.post(`groups/${chatId}/topics`, topic);
  }

  /** A user sends the bot a message; the bot gets it as an update. */
  sendMessage(message: UserMessage): Promise<Message> {
    return this.post("messages", message);
  }

  editMessage(edit: UserEdit): Promise<Message> {
    return this.post("edits", edit);
  }

  injectUpdate(input: InjectedUpdate): Promise<InjectResult> {
    return this.post("updates", input);
  }

  /** What the bot sent, in order; in one chat or everywhere. */
  sent(query: { chat_id?: number } = {}): Promise<Message[]> {
    return this.get("sent", query);
  }

  /** Resolves with the bot's messages once at least `count` exist; throws after `timeout_ms`. */
  waitForBotMessages(request: WaitRequest): Promise<Message[]> {
    const timeout = (request.timeout_ms ?? DEFAULT_WAIT_MS) + WAIT_SLACK_MS;
    return this.post("wait", request, AbortSignal.timeout(timeout));
  }

  calls(query: { method?: string } = {}): Promise<CallRecord[]> {
    return this.get("calls", query);
  }

  botState(): Promise<BotStateView> {
    return this.get("bot", {});
  }

  /**
   * Switches Telegram's flood limits on or off for the bot; answers with its sending figures.
   * `timeScale` multiplies their windows (0.05: a group's minute lasts 3 s).
   */
  setFloodLimits(enabled: boolean, options: { timeScale?: number } = {}): Promise<FloodLimitsView> {
    return this.post("limits", {
      enabled,
      ...(options.timeScale === undefined ? {} : { time_scale: options.timeScale }),
    });
  }

  /** Whether flood limits are on, how often they refused a send, and the highest rates seen. */
  floodLimits(): Promise<FloodLimitsView> {
    return this.get("limits", {});
  }

  async injectFault(fault: FaultRequest): Promise<void> {
    await this.post("faults", fault);
  }

  async reset(): Promise<void> {
    await this.post("reset", {});
  }

  /** A user presses an inline button of a bot message; the bot gets a callback_query. */
  pressButton(press: ButtonPress): Promise<{ callback_query_id: string }> {
    return this.post("callbacks", press);
  }

  /** The bot's answerCallbackQuery, or null while it has not answered. */
  callbackAnswer(id: string): Promise<CallbackAnswer | null> {
    return this.get(`callbacks/${encodeURIComponent(id)}`, {});
  }

  sendInlineQuery(request: InlineQueryRequest): Promise<{ inline_query_id: string }> {
    return this.post("inline", request);
  }

  /** The bot's answerInlineQuery, or null while it has not answered. */
  inlineAnswer(id: string): Promise<InlineAnswer | null> {
    return this.get(`inline/${encodeURIComponent(id)}`, {});
  }

  /** The inline query's user picks result `result_id` and sends it (via_bot) into `chat_id`. */
  chooseInlineResult(inlineQueryId: string, choice: InlineChoice): Promise<InlineChoiceResult> {
    return this.post(`inline/${encodeURIComponent(inlineQueryId)}/choose`, choice);
  }

  /** BotFather's /setinlinefeedback: chosen_inline_result updates on or off (default off). */
  async setInlineFeedback(enabled: boolean): Promise<void> {
    await this.post("bot/inline_feedback", { enabled });
  }

  forwardMessage(request: ForwardRequest): Promise<Message> {
    return this.post("forwards", request);
  }

  /** A user or bot joins, leaves, is promoted or demoted in a group. */
  changeMember(chatId: number, change: MemberChange): Promise<MemberChangeResult> {
    return this.post(`groups/${chatId}/members`, change);
  }

  async setPrivacy(enabled: boolean): Promise<void> {
    await this.post("bot/privacy", { enabled });
  }

  /** The user's chats (their private chat with the bot, their groups); everyone's without one. */
  chats(query: { user_id?: number } = {}): Promise<ChatListEntry[]> {
    return this.get("chats", query);
  }

  /** A chat as it is now: both sides, oldest first, edits applied, deleted messages gone. */
  chatMessages(chatId: number): Promise<Message[]> {
    return this.get(`chats/${chatId}/messages`, {});
  }

  chatAction(chatId: number): Promise<ChatActionView | null> {
    return this.get("actions", { chat_id: chatId });
  }

  /** The bot's command menu as a user sees it in a chat (the Bot API's documented lookup). */
  commandMenu(query: MenuQuery): Promise<BotCommand[]> {
    return this.get("commands", { ...query });
  }

  private get<T>(path: string, query: Query): Promise<T> {
    const url = new URL(`${this.base}/_control/${path}`);
    for (const [key, value] of Object.entries({ ...query, token: this.token })) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return this.request<T>(url, { method: "GET" });
  }

  private post<T>(path: string, body: object, signal?: AbortSignal): Promise<T> {
    const payload = this.token === undefined ? body : { ...body, token: this.token };
    return this.request<T>(new URL(`${this.base}/_control/${path}`), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
      ...(signal === undefined ? {} : { signal }),
    });
  }

  private async request<T>(url: URL, init: RequestInit): Promise<T> {
    const response = await fetch(url, init);
    const text = await response.text();
    let body: { ok?: boolean; result?: unknown; error?: string };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new Error(
        `emulator ${url.pathname}: HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`,
      );
    }
    if (!response.ok || body.ok !== true) {
      throw new Error(`emulator ${url.pathname}: ${body.error ?? `HTTP ${response.status}`}`);
    }
    return body.result as T;
  }
}
