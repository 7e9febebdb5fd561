// Telegram's sending limits as the benchmarks keep them (see launcher.ts): every window a thousand
// times shorter and no safety margin, so at most 30 sends in flight, as shipped, but 30 000 a second.
import { scaleLimits, TELEGRAM_LIMITS } from "../../src/runtime/rate-limiter.js";

export const RAISED_LIMITS = scaleLimits({ ...TELEGRAM_LIMITS, marginMs: 0 }, 0.001);
