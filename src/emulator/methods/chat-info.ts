// getChat, getChatMember and getChatAdministrators for the emulator's private chats and groups.
import type { ChatFullInfo, ChatMember, ChatPermissions } from "grammy/types";
import { administrator, chatMemberOf, personById } from "../chat-members.js";
import { badRequest } from "../errors.js";
import { chatIdParam, resolveChat } from "./chat.js";
import { defineMethod } from "./method.js";

const ACCEPTS_ALL_GIFTS = {
  unlimited_gifts: true,
  limited_gifts: true,
  unique_gifts: true,
  premium_subscription: true,
  gifts_from_channels: true,
};

/** What members of a new group may do, as Telegram sets it by default. */
const DEFAULT_PERMISSIONS: ChatPermissions = {
  can_send_messages: true,
  can_send_audios: true,
  can_send_documents: true,
  can_send_photos: true,
  can_send_videos: true,
  can_send_video_notes: true,
  can_send_voice_notes: true,
  can_send_polls: true,
  can_send_other_messages: true,
  can_add_web_page_previews: true,
  can_change_info: true,
  can_invite_users: true,
  can_pin_messages: true,
  can_manage_topics: true,
};

export const getChat = defineMethod("getChat", ({ state, bot }, params): ChatFullInfo => {
  const { chat } = resolveChat(state, bot, chatIdParam(params));
  // Telegram's default accent colour is the id modulo 7; 11 reactions is its default maximum.
  const common = {
    accent_color_id: Math.abs(chat.id) % 7,
    max_reaction_count: 11,
    accepted_gift_types: ACCEPTS_ALL_GIFTS,
  };
  const permissions = chat.type === "private" ? {} : { permissions: DEFAULT_PERMISSIONS };
  return { ...chat, ...common, ...permissions } as ChatFullInfo;
});

export const getChatMember = defineMethod("getChatMember", ({ state, bot }, params): ChatMember => {
  const view = resolveChat(state, bot, chatIdParam(params));
  const userId = params.integer("user_id");
  if (userId === undefined || userId <= 0) throw badRequest("invalid user_id specified");
  const user = personById(state, userId);
  if (user === undefined) throw badRequest("user not found");
  if (view.group !== undefined) return chatMemberOf(view.group, user);
  // A private chat has two members: the user and the bot.
  if (userId !== view.chat.id && userId !== bot.id) throw badRequest("user not found");
  return { status: "member", user };
});

export const getChatAdministrators = defineMethod(
  "getChatAdministrators",
  ({ state, bot }, params): ChatMember[] => {
    const view = resolveChat(state, bot, chatIdParam(params));
    const group = view.group;
    if (group === undefined) {
      throw badRequest("there are no administrators in the private chat");
    }
    const supergroup = group.chat.type === "supergroup";
    return [...group.adminIds].flatMap((id) => {
      const user = personById(state, id);
      if (user === undefined) return [];
      return [id === group.ownerId ? chatMemberOf(group, user) : administrator(user, supergroup)];
    });
  },
);
