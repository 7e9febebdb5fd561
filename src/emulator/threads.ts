// Which forum topic a new message goes to, and what it replies to. As the Bot API shows them,
// messages in a topic carry message_thread_id and is_topic_message, and reply_to_message is the
// message they answer or else the topic's forum_topic_created message (see topics.ts); messages
// outside any topic (a forum's General topic) carry neither. A message_thread_id is checked as
// Telegram's Bot API server checks it: the message it names must open a forum topic, so in chats
// without topics it is refused. A reply without one goes to the replied message's topic.
import type { Message } from "grammy/types";
import { replyCopy, type StoredMessage } from "./messages.js";
import type { ChatView } from "./state.js";

/**
 * Where a new message goes and what it replies to: the topic `threadId` names, else the topic of
 * the message it replies to, else no topic. `refuse` turns Telegram's refusal into the caller's
 * error ("message thread not found", "message thread is not a forum topic thread").
 */
export function placement(
  view: ChatView,
  threadId: number | undefined,
  reply: StoredMessage | undefined,
  refuse: (what: string) => Error,
): Pick<Message, "message_thread_id" | "is_topic_message" | "reply_to_message"> {
  let thread: number | undefined;
  let root: Message | undefined;
  // Telegram reads a missing, zero or negative message_thread_id as none.
  if (threadId !== undefined && threadId > 0) {
    root = view.box.get(threadId)?.message;
    if (root?.message_thread_id !== threadId) throw refuse("message thread not found");
    if (root.is_topic_message !== true) throw refuse("message thread is not a forum topic thread");
    thread = threadId;
  } else if (reply?.message.is_topic_message === true) {
    thread = reply.message.message_thread_id;
    root = thread === undefined ? undefined : view.box.get(thread)?.message;
  }
  const answered = reply?.message ?? root;
  return {
    ...(thread === undefined ? {} : { message_thread_id: thread, is_topic_message: true }),
    ...(answered === undefined ? {} : { reply_to_message: replyCopy(answered) }),
  };
}
