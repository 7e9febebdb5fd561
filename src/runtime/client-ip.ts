// Who is asking: the client's address as far as it can be believed, and whether it lies in a set of
// addresses and CIDR ranges. The webhook server uses it to accept deliveries only from Telegram's
// published ranges (WEBHOOK_TELEGRAM_IPS_ONLY), believing X-Forwarded-For only from the proxies it is
// told to trust (TRUSTED_PROXIES). Matching is Node's own BlockList (IPv4, IPv6, and IPv4-mapped IPv6
// such as ::ffff:149.154.160.1, which a dual-stack socket reports for an IPv4 client).
import { BlockList, isIP } from "node:net";

/** Where Telegram sends webhooks from (core.telegram.org/bots/webhooks). */
export const TELEGRAM_RANGES: readonly string[] = ["149.154.160.0/20", "91.108.4.0/22"];

export interface AddressSet {
  has(address: string | undefined): boolean;
}

function family(address: string): "ipv4" | "ipv6" | undefined {
  const kind = isIP(address);
  return kind === 4 ? "ipv4" : kind === 6 ? "ipv6" : undefined;
}

/**
 * An address set from entries like 10.0.0.1, 10.0.0.0/8 or fd00::/8; throws an Error naming the first
 * entry that is neither.
 */
export function addressSet(entries: readonly string[]): AddressSet {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix, extra] = entry.trim().split("/");
    const kind = family(address);
    const bits = prefix === undefined ? undefined : Number(prefix);
    const max = kind === "ipv4" ? 32 : 128;
    if (
      kind === undefined ||
      extra !== undefined ||
      (bits !== undefined && (!/^\d{1,3}$/.test(prefix ?? "") || bits > max))
    ) {
      throw new Error(`"${entry}" is not an IP address or CIDR range (e.g. 10.0.0.0/8)`);
    }
    if (bits === undefined) list.addAddress(address, kind);
    else list.addSubnet(address, bits, kind);
  }
  return {
    has(address) {
      const kind = address === undefined ? undefined : family(address);
      if (kind === undefined) return false;
      try {
        return list.check(address as string, kind);
      } catch {
        return false; // e.g. a zone id (fe80::1%eth0), which BlockList does not take
      }
    },
  };
}

/** One X-Forwarded-For hop without brackets or a port ("[::1]:443", "1.2.3.4:5678"). */
function bareAddress(hop: string): string {
  const value = hop.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed !== null) return bracketed[1] ?? "";
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value);
  return withPort?.[1] ?? value;
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then X-Forwarded-For
 * is read from the right (each proxy appends the address it saw) and the first hop that is not a
 * trusted proxy is the client. Hops to the left of it were written by the client and prove nothing.
 * undefined when the peer is unknown or the first untrusted hop is not an address.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trustedProxies: AddressSet,
): string | undefined {
  if (peer === undefined || !trustedProxies.has(peer)) return peer;
  const hops = (forwardedFor ?? "")
    .split(",")
    .map(bareAddress)
    .filter((hop) => hop !== "");
  let client = peer;
  for (let index = hops.length - 1; index >= 0; index--) {
    client = hops[index] ?? "";
    if (!trustedProxies.has(client)) break;
  }
  return family(client) === undefined ? undefined : client;
}
