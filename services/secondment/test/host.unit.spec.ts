import { describe, expect, it } from "vitest";
import { changeHost, DEFAULT_HOSTS, hostOf, hostOn, registerHost } from "../src/domain";

const registered = () => [
  registerHost(
    {
      hostId: "printing-co",
      kind: "HOST_KIND_PRIVATE_FIRM",
      name: "Printing Co.",
      effectiveDate: "2022-04-01",
    },
    [],
  ),
];

describe("host registry", () => {
  it("has GovTech Tokyo and the Digital Agency by default", () => {
    expect(DEFAULT_HOSTS.map((h) => h.kind)).toEqual(["HOST_KIND_GOVTECH_TOKYO", "HOST_KIND_DIGITAL_AGENCY"]);
  });

  it("refuses a second registration of the same id and a malformed id", () => {
    expect(() => registerHost({ ...DEFAULT_HOSTS[0]!, hostId: "printing-co" }, registered())).toThrow(
      expect.objectContaining({ reason: "HOST_ALREADY_REGISTERED" }),
    );
    expect(() => registerHost({ ...DEFAULT_HOSTS[0]!, hostId: "Printing Co" }, [])).toThrow(
      expect.objectContaining({ violations: [expect.objectContaining({ field: "hostId" })] }),
    );
  });

  it("keeps history: a rename applies from its date, earlier dates keep the earlier name", () => {
    const history = registered();
    history.push(
      changeHost(
        { hostId: "printing-co", name: "Printing Co. Cloud CoE", effectiveDate: "2024-10-01" },
        history,
      ),
    );
    const host = hostOf("printing-co", history);
    expect(host).toMatchObject({ name: "Printing Co. Cloud CoE", kind: "HOST_KIND_PRIVATE_FIRM" });
    expect(hostOn(host, "2024-09-30").name).toBe("Printing Co.");
    expect(hostOn(host, "2024-10-01").name).toBe("Printing Co. Cloud CoE");
    expect(hostOn(host, "2020-01-01").name).toBe("Printing Co.");
  });

  it("refuses a change that changes nothing or predates the latest version", () => {
    expect(() =>
      changeHost({ hostId: "printing-co", name: "Printing Co.", effectiveDate: "2024-10-01" }, registered()),
    ).toThrow(expect.objectContaining({ reason: "HOST_CHANGE_CHANGES_NOTHING" }));
    expect(() =>
      changeHost(
        { hostId: "printing-co", kind: "HOST_KIND_AFFILIATED_BODY", effectiveDate: "2022-04-01" },
        registered(),
      ),
    ).toThrow(expect.objectContaining({ reason: "HOST_CHANGE_PREDATES_LATEST" }));
  });
});
