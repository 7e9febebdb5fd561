// What the locales share: language names from the platform (Intl), and time until a reset.

/** A language's name in the reader's language, e.g. languageName("ja", "en") === "Japanese". */
export function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: "language", fallback: "none" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Whole minutes until an instant, at least 1, as hours and minutes. */
export function until(resetsAt: number, now: number): { hours: number; minutes: number } {
  const total = Math.max(1, Math.ceil((resetsAt - now) / 60_000));
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}
