import { describe, expect, it } from "vitest";
import { displayName } from "../src/domain";

describe("display names of codes (one table for every page)", () => {
  it("names job types from the skills service's code list, in Japanese or English", () => {
    expect(displayName("jobType", "ELECTRICAL", "ja")).toBe("電気");
    expect(displayName("jobType", "ICT", "ja")).toBe("ICT職");
    expect(displayName("jobType", "CIVIL_ENGINEERING", "en")).toBe("Civil engineering");
    expect(displayName("jobType", "ICT", "en")).toBe("ICT");
  });

  it("names skills and roles from the skill map versions shipped", () => {
    expect(displayName("skill", "cloud-infrastructure", "ja")).toBe("クラウド基盤");
    expect(displayName("skill", "cloud-infrastructure", "en")).toBe("Cloud infrastructure");
    expect(displayName("role", "cloud-engineer-sre", "ja")).toBe("クラウドエンジニア/SRE");
  });

  it("shows a code nobody named (added since, or from a loaded skill map) as the code", () => {
    expect(displayName("jobType", "ASTRONAUT", "ja")).toBe("ASTRONAUT");
    expect(displayName("skill", "quantum-computing", "ja")).toBe("quantum-computing");
  });
});
