import { describe, expect, it } from "vitest";
import { cloudEventHeaders, headerStrings, readCloudEvent, type StoredEvent } from "../src";

const stored: StoredEvent = {
  eventId: "ev-1",
  streamId: "skills-profile-E1001",
  version: 7,
  type: "SkillAssessed",
  data: { employeeId: "E1001", effectiveDate: "2024-05-01" },
  effectiveDate: "2024-05-01",
  recordedAt: new Date("2024-05-02T01:02:03.004Z"),
  metadata: { requestId: "r-1" },
};

describe("CloudEvents binary-mode headers", () => {
  it("given a stored event, then its stream id and position travel as ce_streamid and ce_sequence and read back", () => {
    const headers = headerStrings(cloudEventHeaders(stored, "hr.skills.v1.SkillAssessed", "/hr/skills", {}));
    expect(headers).toMatchObject({ ce_streamid: "skills-profile-E1001", ce_sequence: "7" });
    expect(readCloudEvent(headers)).toMatchObject({
      id: "ev-1",
      subject: "E1001",
      time: "2024-05-02T01:02:03.004Z",
      sequence: "7",
      streamId: "skills-profile-E1001",
    });
  });

  it("given an event published before ce_streamid existed, then it reads without a stream id", () => {
    const { ce_streamid: _, ...older } = headerStrings(
      cloudEventHeaders(stored, "hr.skills.v1.SkillAssessed", "/hr/skills", {}),
    );
    const read = readCloudEvent(older);
    expect(read.sequence).toBe("7");
    expect("streamId" in read).toBe(false);
  });
});
