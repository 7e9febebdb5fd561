// Offline language detection: accuracy on the hand-written chat fixture, and what counts as letters.
import { describe, expect, it } from "vitest";
import { loadDetectionSamples } from "../../test/support/detection-samples.js";
import { detectLanguage, letterContent } from "./detect.js";

describe("detectLanguage on the chat fixture", () => {
  const samples = loadDetectionSamples();

  it("has at least 300 messages in at least 10 languages, 25+ each, each 2-60 characters", () => {
    expect(samples.length).toBeGreaterThanOrEqual(300);
    const perLanguage = new Map<string, number>();
    for (const { language } of samples)
      perLanguage.set(language, (perLanguage.get(language) ?? 0) + 1);
    expect(perLanguage.size).toBeGreaterThanOrEqual(10);
    for (const language of ["ko", "en", "ja", "zh", "es", "fr", "de", "ru", "vi", "th"])
      expect(perLanguage.get(language) ?? 0, language).toBeGreaterThanOrEqual(25);
    for (const { language, text } of samples) {
      expect(language).toMatch(/^[a-z]{2}$/);
      const length = [...text].length;
      expect(length >= 2 && length <= 60, JSON.stringify(text)).toBe(true);
      expect(letterContent(text), JSON.stringify(text)).not.toBe("");
    }
  });

  it("gets at least 95% right", () => {
    const wrong = samples
      .map((sample) => ({ ...sample, got: detectLanguage(sample.text).language }))
      .filter(({ language, got }) => got !== language);
    const accuracy = (samples.length - wrong.length) / samples.length;
    const report = wrong.map(({ language, got, text }) => `${language} -> ${got}: ${text}`);
    expect(accuracy, report.join("\n")).toBeGreaterThanOrEqual(0.95);
  });

  it("is never wrong about Korean, the default home language", () => {
    for (const { language, text } of samples) {
      expect(detectLanguage(text).language === "ko", text).toBe(language === "ko");
    }
  });
});

describe("detectLanguage", () => {
  it("returns undefined with confidence 0 when there are no letters", () => {
    for (const text of ["", "   ", "😂😂", "123 456", "https://example.com/x", "@someone", "!!!"]) {
      expect(detectLanguage(text), JSON.stringify(text)).toEqual({
        language: undefined,
        confidence: 0,
      });
    }
  });

  it("decides by script where the script is unambiguous, with high confidence", () => {
    const cases: Array<[string, string]> = [
      ["안녕하세요 반가워요", "ko"],
      ["ありがとうございます", "ja"],
      ["谢谢你的帮助", "zh"],
      ["ขอบคุณมากครับ", "th"],
      ["Καλημέρα σας", "el"],
      ["שלום מה שלומך", "he"],
      ["cảm ơn bạn nhiều", "vi"],
    ];
    for (const [text, language] of cases) {
      const detection = detectLanguage(text);
      expect(detection.language, text).toBe(language);
      expect(detection.confidence, text).toBeGreaterThanOrEqual(0.85);
    }
  });

  it("counts Korean with English loanwords as Korean", () => {
    expect(detectLanguage("오늘 meeting 몇시야?").language).toBe("ko");
  });

  it("reads Cyrillic as Russian unless the letters or words say otherwise", () => {
    expect(detectLanguage("привет как дела").language).toBe("ru");
    expect(detectLanguage("як ся маєш").language).toBe("uk");
    expect(detectLanguage("дуже дякую").language).toBe("uk");
  });

  it("is unsure about very short Latin text and sure about a full sentence", () => {
    expect(detectLanguage("ok").confidence).toBeLessThan(0.5);
    expect(detectLanguage("taxi").confidence).toBeLessThan(0.5);
    const sentence = detectLanguage("what time does the meeting start tomorrow?");
    expect(sentence.language).toBe("en");
    expect(sentence.confidence).toBeGreaterThanOrEqual(0.7);
  });

  it("names other Latin-script languages only when sure", () => {
    const polish = detectLanguage("do zobaczenia jutro");
    expect(polish.language).toBe("pl");
    expect(polish.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it("keeps confidence within 0..1", () => {
    for (const text of ["a", "ㅋ", "草", "hello 안녕", "x".repeat(5000), "日".repeat(5000)]) {
      const { confidence } = detectLanguage(text);
      expect(confidence).toBeGreaterThanOrEqual(0);
      expect(confidence).toBeLessThanOrEqual(1);
    }
  });
});

describe("letterContent", () => {
  it('is "" for emoji, links, numbers, mentions, hashtags and commands', () => {
    for (const text of [
      "😂😂😂",
      "👍🏽👨‍👩‍👧 1️⃣ 🇰🇷 ❤️",
      "https://example.com/some/path?q=1",
      "www.example.com",
      "example.com/x t.me/channel",
      "12:30 3.14 +82 10-1234-5678",
      "@someone @other_user",
      "#tbt #2024",
      "/start /lang@babelgram_bot",
      "mail@example.com",
      "!!! ??? ... --- ~~~",
    ]) {
      expect(letterContent(text), JSON.stringify(text)).toBe("");
    }
  });

  it("keeps the words of mixed text and collapses whitespace", () => {
    expect(letterContent("check this https://example.com/x 😂")).toBe("check this");
    expect(letterContent("@minsu 사진   보내줘!!\n고마워 🙏")).toBe("사진 보내줘 고마워");
    expect(letterContent("3시에 강남역에서 만나자")).toBe("시에 강남역에서 만나자");
    expect(letterContent("회의록 #공유 했어요")).toBe("회의록 했어요");
    expect(letterContent("see example.com/page and t.me/chan")).toBe("see and");
  });

  it("keeps apostrophes and hyphens inside words only", () => {
    expect(letterContent("can't -- it's the U-Bahn, 'ok'")).toBe("can't it's the U-Bahn ok");
    expect(letterContent("aujourd’hui")).toBe("aujourd'hui");
  });

  it("keeps combining marks of the scripts that need them", () => {
    expect(letterContent("สวัสดีครับ 555")).toBe("สวัสดีครับ");
    expect(letterContent("आप कैसे हैं?")).toBe("आप कैसे हैं");
  });

  it("folds fullwidth Latin to ASCII", () => {
    expect(letterContent("ｈｅｌｌｏ！")).toBe("hello");
  });
});
