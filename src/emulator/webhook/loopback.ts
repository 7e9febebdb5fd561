// Which webhook URLs point at this machine. Telegram delivers only over HTTPS to a few ports; the
// emulator also lets a local test server take updates over plain HTTP on any port, and only such
// URLs are ever contacted, so a test never sends updates out to the network.

/** 127.0.0.0/8, localhost and [::1] (as URL.hostname writes them). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}
