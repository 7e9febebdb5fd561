// Which language a message is translated into, from what it is written in and the chat's setting.

export interface Languages {
  home: string;
  foreign: string;
}

/** "zh-TW" and "zh" are the same language for deciding direction. */
export function sameLanguage(a: string, b: string): boolean {
  return a.split("-")[0]?.toLowerCase() === b.split("-")[0]?.toLowerCase();
}

/**
 * Default pair: home -> foreign, anything else -> home.
 * With a chosen target (/lang ja): everything -> ja, and a message already in ja -> home (or foreign
 * when ja is the home language), so pasting a message in the target language still gives something useful.
 */
export function chooseTarget(options: {
  detected: string;
  chosen: string | undefined;
  languages: Languages;
}): string {
  const { detected, chosen, languages } = options;
  const other = (language: string) =>
    sameLanguage(language, languages.home) ? languages.foreign : languages.home;
  if (chosen === undefined) return other(detected);
  return sameLanguage(detected, chosen) ? other(chosen) : chosen;
}
