import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { factOf } from "../src/application/projector";
import { APPLY, DEFAULT_CLASSIFICATION } from "../src/domain";
import { careerMessages, deliver, deliveryArbitrary } from "./career.messages";
import { careerArbitrary } from "./careers.arbitrary";
import { propertyRuns } from "./property-runs";
import { recordsInOrder, recordsOf } from "./records.oracle";

const E = "E-PROP-1";

describe("records are a function of the set of facts (property, issue 17)", () => {
  it("given a random career delivered shuffled and duplicated, then its records are those of its facts applied in recorded order", () => {
    fc.assert(
      fc.property(careerArbitrary(), deliveryArbitrary, (career, delivery) => {
        const received = careerMessages(career, E, { partitions: 6 }).map((m) => m.received);
        const delivered = deliver(received, delivery).map(factOf);
        expect(recordsOf(E, delivered, DEFAULT_CLASSIFICATION)).toEqual(
          recordsInOrder(E, received, DEFAULT_CLASSIFICATION),
        );
      }),
      propertyRuns(300),
    );
  }, 3_600_000);
});
