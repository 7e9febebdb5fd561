// Members of the emulator's groups as the Bot API describes them (ChatMember): the owner is the
// "creator", administrators have every right a group admin usually gets, the rest are "member";
// those who left are "left", those removed by someone else "kicked". Users and bots alike.
import type { ChatMember, ChatMemberAdministrator, User } from "grammy/types";
import type { EmulatorState, GroupRecord } from "./state.js";

/** A user or a bot by id. */
export function personById(state: EmulatorState, id: number): User | undefined {
  return state.users.get(id) ?? state.bots.find((bot) => bot.id === id)?.user;
}

export function isMember(group: GroupRecord, id: number): boolean {
  return group.memberIds.has(id) || group.botIds.has(id);
}

export function administrator(user: User, supergroup: boolean): ChatMemberAdministrator {
  return {
    status: "administrator",
    user,
    can_be_edited: false,
    is_anonymous: false,
    can_manage_chat: true,
    can_delete_messages: true,
    can_manage_video_chats: true,
    can_restrict_members: true,
    can_promote_members: false,
    can_change_info: true,
    can_invite_users: true,
    can_post_stories: true,
    can_edit_stories: true,
    can_delete_stories: true,
    can_pin_messages: true,
    ...(supergroup ? { can_manage_topics: false } : {}),
    can_send_welcome_messages: false,
  };
}

/** The member as getChatMember describes them right now. */
export function chatMemberOf(group: GroupRecord, user: User): ChatMember {
  if (!isMember(group, user.id)) {
    return group.kickedIds.has(user.id)
      ? { status: "kicked", user, until_date: 0 }
      : { status: "left", user };
  }
  if (group.ownerId === user.id) return { status: "creator", user, is_anonymous: false };
  if (group.adminIds.has(user.id)) {
    return administrator(user, group.chat.type === "supergroup");
  }
  return { status: "member", user };
}
