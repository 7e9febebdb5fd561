// Scrubs secrets out of text that is about to leave the process (logs, CLI errors, error messages).

// "<bot id>:<secret>" as @BotFather issues them, also inside URLs (".../bot123:AA.../getMe").
const TOKEN_LIKE = /\d{5,20}(?::|%3A)[A-Za-z0-9_-]{30,}/gi;

export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const form of new Set([
      secret,
      encodeURIComponent(secret),
      JSON.stringify(secret).slice(1, -1),
    ])) {
      result = result.split(form).join("[redacted]");
    }
  }
  return result.replace(TOKEN_LIKE, "[redacted token]");
}
