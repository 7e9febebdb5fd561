import { describe, expect, it } from "vitest";
import { addressSet, clientAddress, TELEGRAM_RANGES } from "./client-ip.js";

describe("addressSet", () => {
  const telegram = addressSet(TELEGRAM_RANGES);

  it.each([
    ["149.154.160.0", true],
    ["149.154.167.99", true],
    ["149.154.175.255", true],
    ["149.154.176.0", false],
    ["149.154.159.255", false],
    ["91.108.4.0", true],
    ["91.108.7.255", true],
    ["91.108.8.0", false],
    ["91.108.3.255", false],
    ["::ffff:149.154.167.99", true],
    ["::ffff:959a:a763", true], // the same, written in hex
    ["::ffff:91.108.8.1", false],
    ["127.0.0.1", false],
    ["::1", false],
    ["2001:db8::1", false],
    ["not an address", false],
    ["", false],
    [undefined, false],
  ])("Telegram's ranges: %s -> %s", (address, expected) => {
    expect(telegram.has(address)).toBe(expected);
  });

  it("takes single addresses, IPv6 ranges and /0", () => {
    const set = addressSet(["10.1.2.3", " fd00::/8 ", "::1"]);
    expect(set.has("10.1.2.3")).toBe(true);
    expect(set.has("10.1.2.4")).toBe(false);
    expect(set.has("fd12:3456::1")).toBe(true);
    expect(set.has("::1")).toBe(true);
    expect(set.has("fe80::1%eth0")).toBe(false);
    expect(addressSet(["0.0.0.0/0"]).has("203.0.113.9")).toBe(true);
    expect(addressSet([]).has("203.0.113.9")).toBe(false);
  });

  it.each([
    "10.0.0.0/33",
    "10.0.0.0/-1",
    "10.0.0.0/8/8",
    "10.0.0/8",
    "example.com",
    "::/129",
    "1.2.3.4/",
  ])("refuses %s, naming it", (entry) => {
    expect(() => addressSet([entry])).toThrow(entry);
  });
});

describe("clientAddress", () => {
  const proxies = addressSet(["127.0.0.1", "10.0.0.0/8"]);

  it("is the peer when the peer is not a trusted proxy, whatever X-Forwarded-For says", () => {
    expect(clientAddress("203.0.113.5", "149.154.167.99", proxies)).toBe("203.0.113.5");
    expect(clientAddress("::ffff:203.0.113.5", undefined, proxies)).toBe("::ffff:203.0.113.5");
  });

  it("takes the right-most hop that is not a trusted proxy", () => {
    expect(clientAddress("127.0.0.1", "149.154.167.99", proxies)).toBe("149.154.167.99");
    // The client wrote the left-most hop itself: it proves nothing.
    expect(clientAddress("127.0.0.1", "149.154.167.99, 203.0.113.5", proxies)).toBe("203.0.113.5");
    expect(clientAddress("127.0.0.1", "203.0.113.5, 149.154.167.99, 10.0.0.7", proxies)).toBe(
      "149.154.167.99",
    );
    expect(clientAddress("127.0.0.1", "[2001:db8::5]:443, 149.154.160.1:5555", proxies)).toBe(
      "149.154.160.1",
    );
  });

  it("is the left-most hop when every hop is trusted, and the peer without a header", () => {
    expect(clientAddress("127.0.0.1", "10.0.0.1, 10.0.0.2", proxies)).toBe("10.0.0.1");
    expect(clientAddress("127.0.0.1", undefined, proxies)).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", " , ", proxies)).toBe("127.0.0.1");
  });

  it("is undefined for a hop that is not an address, or no peer", () => {
    expect(clientAddress("127.0.0.1", "149.154.167.99, unknown", proxies)).toBeUndefined();
    expect(clientAddress(undefined, "149.154.167.99", proxies)).toBeUndefined();
  });
});
