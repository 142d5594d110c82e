/** Today's date in Japan (the government's calendar), whatever the server's time zone. */
export function todayInJapan(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo" }).format(now);
}
