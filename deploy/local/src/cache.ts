// The provisioning cache: ${HR_STACK_CACHE:-$HOME/.cache/hr-stack}. Every artefact in it is built
// into a temporary sibling and renamed into place with a stamp, so a half-finished run never
// looks finished and a second run with the same inputs does nothing.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

export function cacheDir(): string {
  return process.env.HR_STACK_CACHE || join(homedir(), ".cache", "hr-stack");
}

/** A short hash of the contents of the files an artefact is built from (and of any extra inputs). */
export function stampOf(files: string[], extra: string[] = []): string {
  const hash = createHash("sha256");
  for (const file of files) hash.update(file.split("/").pop() ?? file).update(readFileSync(file));
  for (const text of extra) hash.update(text);
  return hash.digest("hex").slice(0, 16);
}

export function isFresh(stampFile: string, stamp: string): boolean {
  return existsSync(stampFile) && readFileSync(stampFile, "utf8").trim() === stamp;
}

/**
 * Builds `target` (a file or folder) through `build(tmpPath)`, then moves it into place and writes
 * the stamp. The stamp is written last, so an interrupted build is redone next time.
 */
export async function buildInto(
  target: string,
  stampFile: string,
  stamp: string,
  build: (tmpPath: string) => Promise<void>,
): Promise<void> {
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    await build(tmp);
    rmSync(stampFile, { force: true });
    rmSync(target, { recursive: true, force: true });
    renameSync(tmp, target);
    writeFileSync(stampFile, `${stamp}\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export function seconds(sinceMs: number): string {
  return `${((Date.now() - sinceMs) / 1000).toFixed(1)}s`;
}
