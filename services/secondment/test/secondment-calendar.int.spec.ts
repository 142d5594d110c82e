// The calendar read model against the real store (issue 18 item 5, issue 20): events as they come off the
// topic (through the hr.secondment.v1 codec), a secondment from year 0001 to December 9999 projected in one
// batch within the horizon, and every view encodable as the proto `Secondment` gRPC answers with.
import { type DomainEvent, type ReceivedEvent, STATEMENTS_PER_WRITE } from "@hr/kit";
import { secondmentV1 } from "@hr/proto";
import { databaseUnderTest, testNamespace } from "@hr/testing";
import { describe, expect, it } from "vitest";
import { secondmentEventCodec } from "../src/api/events.codec";
import { SecondmentCalendar } from "../src/application/secondment-calendar";
import type { SecondmentEvent } from "../src/domain";
import { agree, GOVTECH, historyOf, start, warnOnly } from "./domain-fixtures";

const ns = testNamespace();
const store = databaseUnderTest(ns);

/** Each event as the calendar's consumer receives it: encoded to the topic and decoded back. */
function received(events: SecondmentEvent[], partition = 0): ReceivedEvent[] {
  return events.map((event, i) => {
    const type = `hr.secondment.v1.${event.type}`;
    const decoded = secondmentEventCodec.decode(type, Buffer.from(secondmentEventCodec.encode(event)));
    return {
      event: decoded as DomainEvent,
      key: event.data.employeeId,
      topic: "hr.secondment.v1",
      partition,
      offset: String(i),
      id: `ev-${event.data.employeeId}-${i}`,
      source: "/hr/secondment",
      type,
      subject: event.data.employeeId,
      time: new Date().toISOString(),
      effectiveDate: event.data.effectiveDate,
      sequence: String(i + 1),
    };
  });
}

/** The statements of each update command on the month documents since `store.commands` was emptied. */
const monthUpdates = () =>
  store.commands
    .filter((c) => c.commandName === "update" && c.command.update === "calendar_months")
    .map((c) => (c.command.updates as unknown[]).length);

const encodable = (views: unknown[]) =>
  views.map((v) => secondmentV1.Secondment.encode(secondmentV1.Secondment.fromPartial(v as never)).finish());

describe("the calendar read model", () => {
  it("keeps a secondment with a year plan so that gRPC can answer with it (no null year plan)", async () => {
    const calendar = new SecondmentCalendar(store.db, 1);
    const yearPlan = [{ name: "security", startsOn: "2024-10-01", endsOn: "2024-12-31" }];
    for (const r of received(
      historyOf(agree({ employeeId: "CAL1", yearPlan }), start({ employeeId: "CAL1" })),
    )) {
      await calendar.project(r);
    }
    const [view] = await calendar.atHostOn("2024-06-01");
    expect(view).toMatchObject({ employeeId: "CAL1", status: "SECONDMENT_STATUS_ACTIVE", yearPlan: [] });
    expect(() => encodable([view])).not.toThrow();
    const ending = await calendar.endingWithin("2025-03-01", 31);
    expect(ending.map((s) => s.employeeId)).toEqual(["CAL1"]);
    expect(() => encodable(ending)).not.toThrow();
    // A month document written before the fix holds a null year plan: it is read as none.
    await store.db
      .collection<{ _id: string }>("calendar_months")
      .updateOne({ _id: "2024-06|p0" }, { $set: { "secondments.s1.yearPlan": null } });
    const [stored] = await calendar.atHostOn("2024-06-01");
    expect(stored?.yearPlan).toEqual([]);
    expect(() => encodable([stored])).not.toThrow();
  });

  it("projects a secondment from 0001 to December 9999 in bounded batches, within FY1950-FY2100", async () => {
    const calendar = new SecondmentCalendar(store.db, 1);
    // Recorded before the kit refused dates outside the horizon: such events stay on the topic.
    const events: SecondmentEvent[] = [
      {
        type: "SecondmentAgreed",
        data: {
          employeeId: "CAL2",
          effectiveDate: "0001-01-01",
          secondmentId: "s-long",
          hostId: GOVTECH.hostId,
          hostKind: GOVTECH.kind,
          hostName: GOVTECH.name,
          hostDepartment: "Digital Service Division",
          hostTitle: "engineer",
          homeDepartment: "Digital Services Bureau",
          homePost: "General Affairs Section, on secondment",
          plannedStartOn: "0001-01-01",
          plannedEndOn: "9999-12-31",
          lengthWarnings: [],
          yearPlan: [],
        },
      },
    ];
    const [event] = received(events, 0);
    store.commands.length = 0;
    await calendar.project(event!);
    const writes = monthUpdates();
    expect(writes).toHaveLength(Math.ceil(1812 / STATEMENTS_PER_WRITE));
    expect(Math.max(...writes)).toBe(STATEMENTS_PER_WRITE);
    expect(
      await store.db
        .collection("calendar_months")
        .countDocuments({ "secondments.s-long": { $exists: true } }),
    ).toBe(1812);
    expect(
      (await calendar.atHostOn("2100-12-01", "HOST_KIND_GOVTECH_TOKYO")).map((s) => s.employeeId),
    ).toEqual(["CAL2"]);
    expect(await calendar.atHostOn("9999-12-15")).toEqual([]);
  });
  it("rewrites the months of a ten-year secondment on its start, and the store keeps answering", async () => {
    // One update command of more than 100 statements on existing documents never ends on FerretDB 1.24 (it
    // holds a SQLite connection, of 100, per statement until the command ends): the start rewrote all 120
    // months of an agreed ten-year secondment in one command (so did the agreement, on months another
    // secondment occupies), and the database stopped answering.
    const calendar = new SecondmentCalendar(store.db, 1);
    const [agreed, started] = received(
      historyOf(
        agree({ employeeId: "CAL3", host: GOVTECH, plannedEndOn: "2034-03-31", policy: warnOnly }),
        start({ employeeId: "CAL3", policy: warnOnly }),
      ),
    );
    store.commands.length = 0;
    const outcome = await Promise.race([
      calendar
        .project(agreed!)
        .then(() => calendar.project(started!))
        .then(() => "projected"),
      new Promise((resolve) => setTimeout(resolve, 30_000, "the store stopped answering")),
    ]);
    expect(outcome).toBe("projected");
    expect(monthUpdates().reduce((a, b) => a + b, 0)).toBe(2 * 120);
    expect(Math.max(...monthUpdates())).toBeLessThanOrEqual(STATEMENTS_PER_WRITE);
    const [view] = await calendar.atHostOn("2033-12-01");
    expect(view).toMatchObject({ employeeId: "CAL3", status: "SECONDMENT_STATUS_ACTIVE" });
  }, 60_000);
});
