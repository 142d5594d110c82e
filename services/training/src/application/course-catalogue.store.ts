import { type Actor, ValidationError } from "@hr/kit";
import type { Collection, Db } from "mongodb";
import { type CourseCatalogue, catalogueViolations, checkCatalogueRules } from "../domain";

interface CatalogueDocument {
  /** `FY2024`: one version per fiscal year; a small collection (one document a year). */
  _id: string;
  fiscalYear: number;
  catalogue: CourseCatalogue;
  loadedAt: Date;
  loadedBy?: Actor;
  requestId: string;
  replaced: boolean;
}

/** The course catalogue: a version per fiscal year; loading a year again replaces its version. */
export class CourseCatalogueStore {
  private readonly catalogues: Collection<CatalogueDocument>;

  constructor(db: Db) {
    this.catalogues = db.collection<CatalogueDocument>("course_catalogues");
  }

  /** First start: the default versions, unless a version of their year exists. */
  async init(defaults: readonly CourseCatalogue[]): Promise<void> {
    for (const catalogue of defaults) {
      await this.catalogues
        .insertOne(document(catalogue, `default-FY${catalogue.fiscalYear}`, false))
        .catch((error: { code?: number }) => {
          if (error.code !== 11000) throw error;
        });
    }
  }

  async versions(): Promise<CourseCatalogue[]> {
    const docs = await this.catalogues.find({}).toArray();
    return docs.map((d) => d.catalogue).sort((a, b) => a.fiscalYear - b.fiscalYear);
  }

  /**
   * Validates and stores a version; a bad catalogue is refused whole, every error named. A repeated
   * request id is answered before this (ConfigurationRequests), so this always writes.
   */
  async load(
    catalogue: CourseCatalogue,
    requestId: string,
    actor: Actor,
  ): Promise<{ fiscalYear: number; replaced: boolean }> {
    const violations = catalogueViolations(catalogue);
    if (violations.length > 0) {
      throw new ValidationError(violations.map((v) => ({ ...v, field: `catalogue.${v.field}` })));
    }
    checkCatalogueRules(catalogue);
    const id = `FY${catalogue.fiscalYear}`;
    const replaced = (await this.catalogues.findOne({ _id: id })) !== null;
    await this.catalogues.replaceOne({ _id: id }, document(catalogue, requestId, replaced, actor), {
      upsert: true,
    });
    return { fiscalYear: catalogue.fiscalYear, replaced };
  }
}

function document(
  catalogue: CourseCatalogue,
  requestId: string,
  replaced: boolean,
  actor?: Actor,
): CatalogueDocument {
  return {
    _id: `FY${catalogue.fiscalYear}`,
    fiscalYear: catalogue.fiscalYear,
    catalogue,
    loadedAt: new Date(),
    requestId,
    replaced,
    ...(actor ? { loadedBy: actor } : {}),
  };
}
