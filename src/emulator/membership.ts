// Group membership changes (control API): users and bots join, leave, are promoted or demoted.
// As in Telegram, each change is a chat_member update for the administrator bots of the group
// (queued only if their allowed_updates name chat_member), a my_chat_member update for a bot whose
// own membership changed, and, for joins and leaves, a service message seen by every bot there.
// Leaving by oneself makes a member "left"; being removed by someone else makes them "kicked"
// (Telegram's ban with until_date 0), and only someone else can add them back. A group keeps its
// id through all of it: a bot removed and added again finds the same chat.
import type { ChatMemberUpdated, Message, User } from "grammy/types";
import type { BotState } from "./bot-state.js";
import { chatMemberOf, isMember, personById } from "./chat-members.js";
import type { MemberChange, MemberChangeResult } from "./chat-types.js";
import { ControlError } from "./errors.js";
import { unixSeconds } from "./messages.js";
import { deliverToChat } from "./privacy.js";
import type { ChatView, EmulatorState, GroupRecord } from "./state.js";

const ACTIONS = ["join", "leave", "promote", "demote"];

/**
 * Who made the change: `from_id` when given; else the person themself for a join (by invite link)
 * or a leave, and the group's owner for adding a bot, promoting or demoting.
 */
function actorOf(state: EmulatorState, group: GroupRecord, change: MemberChange, person: User) {
  const byOwner = change.action !== "leave" && (change.action !== "join" || person.is_bot);
  const id = change.from_id ?? (byOwner ? group.ownerId : person.id);
  if (id === undefined) throw new ControlError(400, "from_id: the group has no owner to do this");
  const actor = personById(state, id);
  if (actor === undefined) throw new ControlError(400, `from_id: no user with id ${id}`);
  if (actor.id !== person.id && !isMember(group, actor.id)) {
    throw new ControlError(400, `from_id: ${actor.id} is not a member of the group`);
  }
  return actor;
}

function apply(group: GroupRecord, change: MemberChange, person: User, actor: User): void {
  const id = person.id;
  const fail = (what: string) => new ControlError(400, `user_id: ${id} ${what}`);
  const member = isMember(group, id);
  if (change.action === "join") {
    if (member) throw fail("is already a member");
    if (group.kickedIds.has(id) && actor.id === id) {
      throw fail("was removed from the group; only someone else can add them back");
    }
    group.kickedIds.delete(id);
    (person.is_bot ? group.botIds : group.memberIds).add(id);
  } else if (change.action === "leave") {
    if (!member) throw fail("is not a member");
    if (actor.id !== id && !group.adminIds.has(actor.id)) {
      throw new ControlError(400, `from_id: ${actor.id} is not an administrator to remove others`);
    }
    group.memberIds.delete(id);
    group.botIds.delete(id);
    group.adminIds.delete(id);
    if (actor.id !== id) group.kickedIds.add(id);
  } else if (change.action === "promote") {
    if (!member) throw fail("is not a member");
    if (group.adminIds.has(id)) throw fail("is already an administrator");
    group.adminIds.add(id);
  } else {
    if (!group.adminIds.has(id)) throw fail("is not an administrator");
    if (group.ownerId === id) throw fail("is the owner");
    group.adminIds.delete(id);
  }
}

function serviceMessage(state: EmulatorState, view: ChatView, actor: User, body: Partial<Message>) {
  return view.box.add((messageId) => ({
    message: {
      message_id: messageId,
      from: actor,
      chat: view.chat,
      date: unixSeconds(state.now()),
      ...body,
    },
    sender: actor.is_bot ? "bot" : "user",
  })).message;
}

export function changeMember(
  state: EmulatorState,
  bot: BotState,
  chatId: number,
  change: MemberChange,
): MemberChangeResult {
  if (!ACTIONS.includes(change.action)) {
    throw new ControlError(400, `action: one of ${ACTIONS.join(", ")}`);
  }
  const view = state.chatFor(bot, chatId);
  const group = view?.group;
  if (view === undefined || group === undefined) {
    throw new ControlError(400, `chat_id: no group with id ${chatId}`);
  }
  const person = personById(state, change.user_id);
  if (person === undefined) {
    throw new ControlError(400, `user_id: no user or bot with id ${change.user_id}`);
  }
  const actor = actorOf(state, group, change, person);
  const before = chatMemberOf(group, person);
  apply(group, change, person, actor);
  const after = chatMemberOf(group, person);
  const updated: ChatMemberUpdated = {
    chat: view.chat,
    from: actor,
    date: unixSeconds(state.now()),
    old_chat_member: before,
    new_chat_member: after,
  };
  const concerned = state.bots.find((candidate) => candidate.id === person.id);
  concerned?.queue.push({ my_chat_member: updated });
  for (const admin of state.bots) {
    if (admin !== concerned && group.botIds.has(admin.id) && group.adminIds.has(admin.id)) {
      admin.queue.push({ chat_member: updated });
    }
  }
  const body =
    change.action === "join"
      ? { new_chat_members: [person] }
      : change.action === "leave"
        ? { left_chat_member: person }
        : undefined;
  if (body === undefined) return { chat_member: after };
  const message = serviceMessage(state, view, actor, body);
  deliverToChat(state, bot, view, "message", message);
  return { chat_member: after, message };
}
