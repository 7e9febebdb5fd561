// "3 minutes ago": how long ago a Unix time was, in the largest whole unit, for CLI output.

const UNITS: [name: string, seconds: number][] = [
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
  ["second", 1],
];

/**
 * How long before `nowSeconds` the Unix time `thenSeconds` was, rounded down: "just now",
 * "1 second ago", "3 minutes ago", "2 days ago". A time in the future (clock skew) is "just now".
 */
export function timeAgo(thenSeconds: number, nowSeconds: number): string {
  const elapsed = Math.floor(nowSeconds - thenSeconds);
  for (const [name, size] of UNITS) {
    const count = Math.floor(elapsed / size);
    if (count >= 1) return `${count} ${name}${count === 1 ? "" : "s"} ago`;
  }
  return "just now";
}

/** The current time in Unix seconds, as Telegram's dates are. */
export function nowInSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
