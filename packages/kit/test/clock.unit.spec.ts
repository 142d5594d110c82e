import { describe, expect, it } from "vitest";
import { todayInJapan } from "../src/runtime/clock";

const byTimeZone = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo" });

describe("todayInJapan", () => {
  it("is the date in Tokyo's time zone, around midnight there and in UTC, across years and leap days", () => {
    const instants = [
      "2024-02-28T14:59:59.999Z",
      "2024-02-28T15:00:00.000Z",
      "2024-02-29T15:00:00.000Z",
      "2024-12-31T14:59:59.999Z",
      "2024-12-31T15:00:00.000Z",
      "2025-03-31T15:00:00.000Z",
      "2025-06-30T23:59:59.999Z",
      "2099-12-31T15:00:00.000Z",
    ].map((iso) => new Date(iso));
    for (let t = Date.UTC(2020, 0, 1); t < Date.UTC(2030, 0, 1); t += 7_919_993_211)
      instants.push(new Date(t));
    for (const at of instants) expect(todayInJapan(at), at.toISOString()).toBe(byTimeZone.format(at));
    expect(todayInJapan(new Date("2024-12-31T15:00:00Z"))).toBe("2025-01-01");
  });
});
