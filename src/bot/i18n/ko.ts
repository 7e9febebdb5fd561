// The bot's Korean. Language names are followed by a colon or a noun rather than a particle (로/으로,
// 은/는), which would depend on the name's last sound.
import type { TranslationMode } from "../chat-settings.js";
import { languageName, until } from "./common.js";
import type { Catalogue, ChatSummary } from "./types.js";

const name = (code: string) => languageName(code, "ko");
const list = (codes: readonly string[]) => codes.map(name).join(", ");

function rule({ languages, targets }: Pick<ChatSummary, "languages" | "targets">): string {
  const [a = "", b = ""] = languages;
  return languages.length === 2
    ? `${name(a)} ⇄ ${name(b)}, 그 밖의 언어 → ${list(targets)}`
    : `${list(languages)} 외의 언어 → ${list(targets)}`;
}

const MODES: Record<TranslationMode, string> = { auto: "자동", manual: "수동", off: "끔" };
const MODES_ABOUT: Record<TranslationMode, string> = {
  auto: "번역이 필요한 메시지를 모두 번역합니다.",
  manual: "요청할 때만 번역합니다: 메시지에 /tr 로 답장하거나 저를 멘션하세요.",
  off: "이 대화에서는 번역하지 않습니다.",
};

const summary = (s: ChatSummary) =>
  [
    `모드: ${MODES[s.mode]}. ${MODES_ABOUT[s.mode]}`,
    `언어: ${rule(s)}`,
    `언어 표시: ${s.showSourceTag ? "보임" : "숨김"}`,
    ...(s.formality === undefined
      ? []
      : [`높임말: ${s.formality === "formal" ? "높임말" : "반말"}`]),
  ].join("\n");

export const ko: Catalogue = {
  help: (f) =>
    [
      "메시지를 번역해 드립니다.",
      summary(f.summary),
      "",
      "/tr [언어] — 메시지에 답장으로: 그 메시지를 번역, 예: /tr ja",
      "/settings — 모드, 언어, 언어 표시 설정",
      "/lang <코드> — 언어 설정, 예: /lang ja 또는 /lang ko en; /lang reset — 기본값",
      ...(f.summary.private
        ? []
        : ["/ignoreme — 이 그룹에서 내 메시지 번역 안 함; /unignoreme — 다시 번역"]),
      "/help — 이 도움말",
      ...(f.pseudo ? ["", "⚠️ 로컬 모드: 실제 번역이 아닌 가짜 번역입니다."] : []),
      ...(f.attribution ? ["", f.attribution] : []),
    ].join("\n"),
  rule,
  mode: (mode) => MODES[mode],
  modeAbout: (mode) => MODES_ABOUT[mode],
  list,

  langUsage: (s) =>
    [
      `언어: ${rule(s)}`,
      "아래에서 언어를 고르거나 /lang <코드> (예: /lang ja, /lang ko en) 또는 /lang reset을 입력하세요.",
    ].join("\n"),
  langSet: (s) => `완료: ${rule(s)}`,
  langReset: (s) => `완료: 기본 설정으로 돌아갔습니다. ${rule(s)}`,
  langUnknown: (code) =>
    `"${code}"는 알 수 없는 언어 코드입니다. en, ko, ja, zh, es, fr, de, ru, vi, th 같은 코드를 쓰세요.`,
  onlyAdmins: "그룹 설정은 관리자만 바꿀 수 있습니다.",

  providerFailed: (kind, pair) => {
    switch (kind) {
      case "unsupported":
        return `죄송합니다. 이 언어 쌍은 번역할 수 없습니다: ${name(pair.source)} → ${name(pair.target)}`;
      case "too-long":
        return "죄송합니다. 메시지가 너무 길어 번역할 수 없습니다.";
      case "quota":
      case "rate":
        return "지금은 번역기가 바쁩니다. 잠시 후 다시 시도해 주세요.";
      case "auth":
        return "지금은 번역할 수 없습니다: 봇의 번역기 설정이 올바르지 않습니다.";
      default:
        return "번역기가 응답하지 않습니다. 잠시 후 다시 시도해 주세요.";
    }
  },
  overQuota: (resetsAt, now) => {
    const { hours, minutes } = until(resetsAt, now);
    const left = hours > 0 ? `${hours}시간 ${minutes}분` : `${minutes}분`;
    return `죄송합니다. 오늘의 번역 한도를 모두 사용하셨습니다. 한도는 00:00 UTC(약 ${left} 후)에 초기화되며, 그때까지는 번역하지 않습니다.`;
  },
  nothingToTranslate: "그 메시지에는 번역할 말이 없습니다.",
  alreadyIn: (targets) =>
    `이미 요청한 언어(${list(targets)})로 쓰인 메시지입니다. 다른 언어를 지정해 보세요. 예: /tr ja`,
  trUsage: "메시지에 /tr 로 답장하면 번역합니다. /tr ja 는 일본어로 번역합니다.",
  translationOff: "이 대화에서는 번역이 꺼져 있습니다. 관리자가 /settings 에서 켤 수 있습니다.",

  ignored:
    "알겠습니다. 누가 요청하지(/tr) 않는 한 이 그룹에서 회원님의 메시지는 번역하지 않습니다.",
  unignored: "알겠습니다. 이 그룹에서 회원님의 메시지를 다시 번역합니다.",
  groupsOnly: "그룹에서 쓰는 명령입니다. 여기서는 /settings 에서 번역을 끌 수 있습니다.",

  settingsText: (s, view, warning) =>
    [
      view === "languages"
        ? "이 대화의 언어를 고르세요 (다시 누르면 빠집니다). 두 언어면 서로 번역하고, 첫 언어가 주 언어입니다."
        : view === "targets"
          ? "다른 언어로 쓰인 메시지를 어떤 언어로 번역할지 고르세요 (여러 개 가능)."
          : s.private
            ? "이 대화의 설정"
            : "이 그룹의 설정 (관리자가 바꿀 수 있습니다)",
      "",
      summary(s),
      ...(warning === undefined ? [] : ["", `⚠️ ${warning}`]),
    ].join("\n"),
  settingsButtons: {
    languages: (codes) => `언어: ${list(codes)}`,
    targets: (codes) => `그 밖의 언어 → ${list(codes)}`,
    tag: (on) => `언어 표시: ${on ? "보임" : "숨김"}`,
    formality: (value) =>
      `높임말: ${value === undefined ? "기본" : value === "formal" ? "높임말" : "반말"}`,
    back: "« 뒤로",
    done: "완료",
  },
  keepOne: "언어를 하나 이상 남겨 두세요.",
  privacyWarning:
    "이 그룹의 메시지가 보이지 않습니다: 개인정보 보호 모드가 켜져 있습니다. 저를 관리자로 지정하거나, @BotFather → /setprivacy → Disable 후 저를 내보냈다가 다시 초대하세요.",
  saved: "저장했습니다",

  welcome: (s) =>
    [
      "안녕하세요! 이 그룹의 메시지를 번역해 드립니다.",
      summary(s),
      "관리자: /settings 에서 바꿀 수 있습니다. 도움말: /help",
    ].join("\n"),
  welcomeBack: (s) =>
    ["다시 만나서 반갑습니다! 이 그룹의 설정은 그대로입니다.", summary(s)].join("\n"),

  commands: {
    private: [
      { command: "help", description: "기능과 사용법" },
      { command: "settings", description: "모드, 언어, 언어 표시 설정" },
      { command: "lang", description: "언어 설정, 예: /lang ja" },
      { command: "tr", description: "답장으로: 그 메시지를 번역" },
    ],
    group: [
      { command: "tr", description: "답장으로: 그 메시지를 번역" },
      { command: "ignoreme", description: "이 그룹에서 내 메시지 번역 안 함" },
      { command: "unignoreme", description: "내 메시지 다시 번역" },
      { command: "help", description: "기능과 사용법" },
    ],
    admins: [
      { command: "tr", description: "답장으로: 그 메시지를 번역" },
      { command: "settings", description: "이 그룹의 모드, 언어, 언어 표시 설정" },
      { command: "lang", description: "그룹의 언어 설정, 예: /lang ko en" },
      { command: "ignoreme", description: "이 그룹에서 내 메시지 번역 안 함" },
      { command: "unignoreme", description: "내 메시지 다시 번역" },
      { command: "help", description: "기능과 사용법" },
    ],
  },
  inlineButton: (reason) =>
    ({
      empty: "번역할 글을 입력하세요",
      unavailable: "지금은 번역할 수 없습니다",
      "over-quota": "오늘의 번역 한도에 도달했습니다",
    })[reason],
};
