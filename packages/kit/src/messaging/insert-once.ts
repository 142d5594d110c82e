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

/**
 * `insertOnce` for many documents in one round trip (one unordered `insertMany`): each document is
 * written unless its `_id` is there already. For a consumer's bulk path (`handleBatch`).
 */
export async function insertManyOnce<T extends Document>(
  collection: Collection<T>,
  documents: OptionalUnlessRequiredId<T>[],
): Promise<void> {
  if (documents.length === 0) return;
  try {
    await collection.insertMany(documents, { ordered: false });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: { code?: number }[] | { code?: number } }).writeErrors;
    if (!writeErrors) throw error;
    const list = Array.isArray(writeErrors) ? writeErrors : [writeErrors];
    if (list.some((w) => w.code !== 11000)) throw error;
  }
}
