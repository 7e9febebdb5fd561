// Which Bot API and control API calls become change events for the web chat.
import { describe, expect, it } from "vitest";
import { botCallEvent, controlEvent } from "../events.js";

describe("botCallEvent", () => {
  it("counts sends, edits and deletes as message changes, with the chat", () => {
    expect(botCallEvent("sendMessage", { chat_id: 1000, text: "hi" })).toEqual({
      type: "message",
      chat_id: 1000,
    });
    expect(botCallEvent("sendPhoto", { chat_id: "-4000000001" })).toEqual({
      type: "message",
      chat_id: -4000000001,
    });
    expect(botCallEvent("editMessageText", { chat_id: 7 })).toEqual({ type: "edited", chat_id: 7 });
    expect(botCallEvent("deleteMessages", { chat_id: "@club" })).toEqual({
      type: "deleted",
      chat_id: "@club",
    });
  });

  it("carries chat actions and callback answers", () => {
    expect(botCallEvent("sendChatAction", { chat_id: 5, action: "typing" })).toEqual({
      type: "chat_action",
      chat_id: 5,
      action: "typing",
    });
    expect(
      botCallEvent("answerCallbackQuery", {
        callback_query_id: "42",
        text: "done",
        show_alert: "true",
      }),
    ).toEqual({ type: "callback_answer", callback_query_id: "42", text: "done", show_alert: true });
    expect(botCallEvent("answerCallbackQuery", { callback_query_id: "42" })).toEqual({
      type: "callback_answer",
      callback_query_id: "42",
    });
  });

  it("ignores calls that change nothing a chat shows", () => {
    expect(botCallEvent("getUpdates", {})).toBeUndefined();
    expect(botCallEvent("getMe", {})).toBeUndefined();
    expect(botCallEvent("setWebhook", { url: "http://127.0.0.1/x" })).toBeUndefined();
  });
});

describe("controlEvent", () => {
  it("maps the users' side of the world", () => {
    const message = { message_id: 1, chat: { id: 1000 } };
    expect(controlEvent("POST", "messages", message)).toEqual({ type: "message", chat_id: 1000 });
    expect(controlEvent("POST", "edits", message)).toEqual({ type: "edited", chat_id: 1000 });
    expect(controlEvent("POST", "users", {})).toEqual({ type: "users" });
    expect(controlEvent("POST", "groups/-4000000001/members", {})).toEqual({ type: "chats" });
    expect(controlEvent("POST", "reset", true)).toEqual({ type: "reset" });
    expect(controlEvent("GET", "users", [])).toBeUndefined();
    expect(controlEvent("POST", "faults", true)).toBeUndefined();
  });

  it("counts a new topic and a message sent via an inline bot as messages, with the chat", () => {
    const topic = { message_id: 3, chat: { id: -1002000000001 } };
    expect(controlEvent("POST", "groups/-1002000000001/topics", topic)).toEqual({
      type: "message",
      chat_id: -1002000000001,
    });
    expect(
      controlEvent("POST", "inline/77/choose", { message: topic, inline_message_id: "x" }),
    ).toEqual({ type: "message", chat_id: -1002000000001 });
  });
});
