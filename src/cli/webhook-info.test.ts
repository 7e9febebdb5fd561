// How long ago, in words, and getWebhookInfo's fields that the emulator never produces.
import { describe, expect, it } from "vitest";
import { timeAgo } from "./time-ago.js";
import { describeWebhookInfo } from "./webhook-info.js";

const NOW = 1_800_000_000;

describe("timeAgo", () => {
  it("uses the largest whole unit", () => {
    expect(timeAgo(NOW, NOW)).toBe("just now");
    expect(timeAgo(NOW - 1, NOW)).toBe("1 second ago");
    expect(timeAgo(NOW - 59, NOW)).toBe("59 seconds ago");
    expect(timeAgo(NOW - 60, NOW)).toBe("1 minute ago");
    expect(timeAgo(NOW - 3 * 60 - 59, NOW)).toBe("3 minutes ago");
    expect(timeAgo(NOW - 2 * 3600, NOW)).toBe("2 hours ago");
    expect(timeAgo(NOW - 86_400, NOW)).toBe("1 day ago");
    expect(timeAgo(NOW - 9 * 86_400, NOW)).toBe("9 days ago");
  });

  it("calls a time in the future (clock skew) just now", () => {
    expect(timeAgo(NOW + 30, NOW)).toBe("just now");
  });
});

describe("describeWebhookInfo", () => {
  it("tells both last errors in words, and Telegram's default update types", () => {
    const lines = describeWebhookInfo(
      {
        url: "https://bot.example.com/telegram",
        has_custom_certificate: true,
        pending_update_count: 5,
        last_error_date: NOW - 180,
        last_error_message: "Connection timed out",
        last_synchronization_error_date: NOW - 7200,
      },
      NOW,
    );
    expect(lines).toEqual([
      "Webhook: https://bot.example.com/telegram",
      "  pending updates: 5",
      "  allowed updates: Telegram's default (all but chat_member, message_reaction and message_reaction_count)",
      "  custom certificate: yes",
      "  last error 3 minutes ago: Connection timed out",
      "  last synchronization error 2 hours ago: Telegram could not sync the pending updates with its datacenters",
    ]);
  });
});
