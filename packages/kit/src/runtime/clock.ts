/** Japan keeps UTC+9 all year (no daylight saving since 1951). */
const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000;

/**
 * Today's date in Japan (the government's calendar), whatever the server's time zone. Plain arithmetic:
 * it runs on every command, and building an `Intl.DateTimeFormat` per call cost about 2% of a command's CPU.
 */
export function todayInJapan(now = new Date()): string {
  return new Date(now.getTime() + JAPAN_OFFSET_MS).toISOString().slice(0, 10);
}
