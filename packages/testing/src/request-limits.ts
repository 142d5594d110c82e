// Every list a request may carry has a maximum (`maxItems`), so no request costs more than the largest
// one a real user sends: a list without one is how a 4 MB message of a million items got in (issue 20).
import { expect, it } from "vitest";

/** The paths of the lists in a JSON schema that have no `maxItems`, e.g. `catalogue.courses[].skillIds`. */
export function listsWithoutMaxItems(schema: unknown, path = ""): string[] {
  if (typeof schema !== "object" || schema === null) return [];
  const node = schema as Record<string, unknown>;
  const found = node.type === "array" && node.maxItems === undefined ? [path || "(request)"] : [];
  for (const [key, value] of Object.entries(node)) {
    const at =
      key === "items" ? `${path}[]` : key === "properties" || !Number.isNaN(Number(key)) ? path : undefined;
    if (key === "properties" && typeof value === "object" && value !== null) {
      for (const [name, property] of Object.entries(value)) {
        found.push(...listsWithoutMaxItems(property, path ? `${path}.${name}` : name));
      }
    } else if (at !== undefined || key === "anyOf" || key === "allOf" || key === "oneOf") {
      found.push(...listsWithoutMaxItems(value, at ?? path));
    }
  }
  return found;
}

/** Registers a test: every request schema a module exports bounds each of its lists. */
export function everyRequestListIsBounded(requests: Record<string, unknown>): void {
  it("bounds every list of every request (maxItems, in the OpenAPI document too)", () => {
    const unbounded = Object.entries(requests).flatMap(([name, schema]) =>
      listsWithoutMaxItems(schema).map((path) => `${name}: ${path}`),
    );
    expect(unbounded).toEqual([]);
  });
}
