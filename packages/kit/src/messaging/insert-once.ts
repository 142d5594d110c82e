import type { Collection, Document, OptionalUnlessRequiredId } from "mongodb";

/**
 * Writes a fact document keyed by something unique to the event (its `ce_id`, or a business key),
 * once: a redelivered event finds its fact already there. Returns false when it was. An insert against
 * the unique `_id` is atomic on MongoDB and FerretDB alike, so two consumers cannot both apply it.
 */
export async function insertOnce<T extends Document>(
  collection: Collection<T>,
  document: OptionalUnlessRequiredId<T>,
): Promise<boolean> {
  try {
    await collection.insertOne(document);
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return false;
    throw error;
  }
}
