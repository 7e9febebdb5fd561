import { describe, expect, it } from "vitest";
import { createOffsetWatermark } from "./offset-watermark.js";

describe("offset watermark", () => {
  it("confirms nothing while the first update received is unfinished", () => {
    const marks = createOffsetWatermark();
    for (const id of [10, 11, 12]) expect(marks.receive(id)).toBe(true);
    marks.finish(11);
    marks.finish(12);
    expect(marks.watermark).toBeUndefined();
    expect(marks.offset).toBeUndefined();
    expect(marks).toMatchObject({ pending: 1, unconfirmed: 3 });
    marks.finish(10);
    expect(marks).toMatchObject({ watermark: 12, offset: 13, pending: 0, unconfirmed: 0 });
  });

  it("stops at the first unfinished update, whatever finished after it", () => {
    const marks = createOffsetWatermark();
    for (const id of [1, 2, 3, 4, 5]) marks.receive(id);
    marks.finish(1);
    marks.finish(2);
    marks.finish(4);
    marks.finish(5);
    expect(marks).toMatchObject({ watermark: 2, offset: 3, pending: 1, unconfirmed: 3 });
    marks.finish(3);
    expect(marks.offset).toBe(6);
  });

  it("goes by update_id across gaps in the ids", () => {
    const marks = createOffsetWatermark();
    for (const id of [100, 250, 251, 900]) marks.receive(id);
    marks.finish(250);
    marks.finish(100);
    expect(marks.watermark).toBe(250);
    marks.finish(900);
    expect(marks.watermark).toBe(250);
    marks.finish(251);
    expect(marks.watermark).toBe(900);
  });

  it("knows re-sent updates: in hand, finished above the watermark, or confirmed", () => {
    const marks = createOffsetWatermark();
    marks.receive(1);
    marks.receive(2);
    marks.receive(3);
    marks.finish(1);
    marks.finish(3);
    // Telegram re-sends 2 and 3 (above offset 2): 2 is still running, 3 is finished.
    expect(marks.receive(2)).toBe(false);
    expect(marks.receive(3)).toBe(false);
    expect(marks.receive(1)).toBe(false);
    expect(marks.receive(4)).toBe(true);
    expect(marks).toMatchObject({ pending: 2, unconfirmed: 3 });
  });

  it("ignores finishing an update twice or one it never received", () => {
    const marks = createOffsetWatermark();
    marks.receive(7);
    marks.receive(8);
    marks.finish(8);
    marks.finish(8);
    marks.finish(6);
    expect(marks).toMatchObject({ watermark: undefined, pending: 1, unconfirmed: 2 });
    marks.finish(7);
    expect(marks).toMatchObject({ watermark: 8, pending: 0, unconfirmed: 0 });
  });

  it("places an update that arrives out of order by its id", () => {
    const marks = createOffsetWatermark();
    marks.receive(5);
    marks.receive(3);
    marks.finish(5);
    expect(marks.watermark).toBeUndefined();
    marks.finish(3);
    expect(marks.watermark).toBe(5);
  });
});
