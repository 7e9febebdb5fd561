// The emulator's world, in memory: bots, users, groups and their messages. Users and groups are
// shared by all bots; a private chat is one box per (bot, user), a group one box for all its bots.
import type { Chat, User } from "grammy/types";
import { BotState } from "./bot-state.js";
import { EventHub } from "./events.js";
import { MessageBox, privateChatOf, type StoredMessage } from "./messages.js";
import type { BotConfig, EmulatorOptions, GroupChat } from "./types.js";
import { WebhookDeliveries, webhookTiming } from "./webhook/deliveries.js";

export interface GroupRecord {
  chat: GroupChat;
  memberIds: Set<number>;
  botIds: Set<number>;
  /** Administrators, users and bots alike (the owner is one too). */
  adminIds: Set<number>;
  /** The creator: the first member given when the group was made. */
  ownerId?: number;
  /** Removed by someone else: "kicked" until an administrator adds them back (membership.ts). */
  kickedIds: Set<number>;
}

/** A chat as one bot sees it, with the box its messages live in. */
export interface ChatView {
  chat: Chat;
  box: MessageBox;
  group?: GroupRecord;
}

type BotMessageListener = (bot: BotState, stored: StoredMessage) => void;

const FIRST_USER_ID = 1000;

export class EmulatorState {
  readonly bots: BotState[];
  readonly users = new Map<number, User>();
  readonly groups = new Map<number, GroupRecord>();
  private boxes = new Map<string, MessageBox>();
  private nextUserId = FIRST_USER_ID;
  private nextGroupSeq = 1;
  private readonly botMessageListeners = new Set<BotMessageListener>();
  /** What changed, for watchers such as the web chat (see events.ts). */
  readonly events = new EventHub();
  /** Running webhook deliveries; methods call `webhooks.sync(bot)` after changing a webhook. */
  readonly webhooks: WebhookDeliveries;

  constructor(
    configs: BotConfig[],
    readonly now: () => number,
    options: EmulatorOptions = {},
  ) {
    if (configs.length === 0) throw new Error("emulator: at least one bot is needed");
    this.bots = configs.map((config) => new BotState(config.token, config, now));
    const ids = new Set(this.bots.map((bot) => bot.id));
    if (ids.size !== this.bots.length) throw new Error("emulator: two bots share an id");
    this.webhooks = new WebhookDeliveries(this, webhookTiming(options));
    for (const bot of this.bots) {
      bot.flood.configure(options.floodLimits === true, options.floodTimeScale);
    }
  }

  /** The bot with this token; the first bot when no token is given. */
  bot(token?: string): BotState | undefined {
    return token === undefined ? this.bots[0] : this.bots.find((bot) => bot.token === token);
  }

  newUserId(): number {
    return this.nextUserId++;
  }

  /** Basic groups look like -4000000001, supergroups like -1002000000001. */
  newGroupId(type: GroupChat["type"]): number {
    const seq = this.nextGroupSeq++;
    return type === "group" ? -(4_000_000_000 + seq) : -(1_002_000_000_000 + seq);
  }

  /** The chat with this id (or "@username" of a supergroup) as `bot` sees it, if it can see it. */
  chatFor(bot: BotState, chatId: number | string): ChatView | undefined {
    if (typeof chatId === "string") {
      const name = chatId.replace(/^@/, "").toLowerCase();
      const group = [...this.groups.values()].find(
        (record) => record.chat.username?.toLowerCase() === name,
      );
      return group && { chat: group.chat, box: this.box(`g${group.chat.id}`), group };
    }
    const user = this.users.get(chatId);
    if (user !== undefined) {
      return { chat: privateChatOf(user), box: this.box(`p${bot.id}:${user.id}`) };
    }
    const group = this.groups.get(chatId);
    return group && { chat: group.chat, box: this.box(`g${group.chat.id}`), group };
  }

  /** The bots that receive what is said in a chat: the one bot of a private chat, or a group's. */
  recipients(bot: BotState, view: ChatView): BotState[] {
    if (view.group === undefined) return [bot];
    const members = view.group.botIds;
    return this.bots.filter((candidate) => members.has(candidate.id));
  }

  /** Records a message the bot sent and tells whoever waits for one. */
  recordBotMessage(bot: BotState, stored: StoredMessage): void {
    bot.sent.push(stored);
    for (const listener of [...this.botMessageListeners]) listener(bot, stored);
  }

  /** Calls `listener` for every message a bot sends; returns the unsubscribe function. */
  onBotMessage(listener: BotMessageListener): () => void {
    this.botMessageListeners.add(listener);
    return () => this.botMessageListeners.delete(listener);
  }

  /**
   * Forgets users, chats, messages, updates, faults, webhooks and call logs; keeps the bots. New
   * ids keep counting up, so a bot's stored per-chat settings never leak into a new user's chat.
   */
  reset(): void {
    this.users.clear();
    this.groups.clear();
    this.boxes = new Map();
    for (const bot of this.bots) bot.reset();
    this.webhooks.stopAll();
  }

  private box(key: string): MessageBox {
    let box = this.boxes.get(key);
    if (box === undefined) {
      box = new MessageBox();
      this.boxes.set(key, box);
    }
    return box;
  }
}
