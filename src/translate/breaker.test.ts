import { describe, expect, it } from "vitest";
import { createBreaker } from "./breaker.js";

function clock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

describe("circuit breaker", () => {
  it("stays closed through failures that are not consecutive", () => {
    const breaker = createBreaker({ failures: 3, now: clock().now });
    for (let i = 0; i < 5; i++) {
      breaker.failure();
      breaker.failure();
      breaker.success();
    }
    expect(breaker.state()).toBe("closed");
    expect(breaker.allow()).toBe(true);
  });

  it("opens after 3 failures in a row and refuses calls while cooling off", () => {
    const time = clock();
    const breaker = createBreaker({ failures: 3, cooldownMs: 60_000, now: time.now });
    breaker.failure();
    breaker.failure();
    expect(breaker.allow()).toBe(true);
    breaker.failure();
    expect(breaker.state()).toBe("open");
    expect(breaker.allow()).toBe(false);
    time.advance(59_999);
    expect(breaker.allow()).toBe(false);
    expect(breaker.retryInMs()).toBe(1);
  });

  it("lets one trial call through after the cooling-off period; success closes it", () => {
    const time = clock();
    const breaker = createBreaker({ failures: 1, cooldownMs: 1000, now: time.now });
    breaker.failure();
    time.advance(1000);
    expect(breaker.state()).toBe("half-open");
    expect(breaker.allow()).toBe(true);
    // Only one trial at a time.
    expect(breaker.allow()).toBe(false);
    breaker.success();
    expect(breaker.state()).toBe("closed");
    expect(breaker.allow()).toBe(true);
  });

  it("opens again for a whole period when the trial fails", () => {
    const time = clock();
    const breaker = createBreaker({ failures: 3, cooldownMs: 1000, now: time.now });
    for (let i = 0; i < 3; i++) breaker.failure();
    time.advance(1000);
    expect(breaker.allow()).toBe(true);
    breaker.failure();
    expect(breaker.state()).toBe("open");
    expect(breaker.retryInMs()).toBe(1000);
    time.advance(1000);
    expect(breaker.allow()).toBe(true);
  });

  it("trips at once when told to (wrong keys, quota used up)", () => {
    const breaker = createBreaker({ failures: 3, now: clock().now });
    breaker.failure({ trip: true });
    expect(breaker.state()).toBe("open");
    expect(breaker.allow()).toBe(false);
  });

  it("gives an abandoned trial back, so that the next call may try", () => {
    const time = clock();
    const breaker = createBreaker({ failures: 1, cooldownMs: 10, now: time.now });
    breaker.failure();
    time.advance(10);
    expect(breaker.allow()).toBe(true);
    breaker.abandon();
    expect(breaker.allow()).toBe(true);
  });
});
