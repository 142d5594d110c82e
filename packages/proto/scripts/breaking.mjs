#!/usr/bin/env node
// `pnpm --filter @hr/proto breaking` (and CI): buf breaking of the repository's proto/ against a baseline
// commit's proto/, with the rules of proto/buf.yaml (WIRE_JSON: what breaks a reader of the wire format or
// of the JSON mapping; a removed field whose number and name are `reserved` passes). The baseline:
//   PROTO_BASELINE=<git ref>   when set (e.g. origin/main in a pull-request build);
//   else the merge-base with `main` (or `origin/main`) when HEAD is not main's tip;
//   else HEAD's parent: on main, the previous commit.
// A shallow clone (CI: no history beyond HEAD) is deepened by one commit to find the parent. The
// baseline's proto/ is read with `git archive`, so no worktree or network is needed beyond that fetch.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const buf = join(dirname(dirname(fileURLToPath(import.meta.url))), "node_modules", ".bin", "buf");

function git(...args) {
  const result = spawnSync("git", args, { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

const commit = (ref) => git("rev-parse", "--verify", "--quiet", `${ref}^{commit}`);

function baseline() {
  const named = process.env.PROTO_BASELINE;
  if (named) {
    const found = commit(named);
    if (!found) throw new Error(`PROTO_BASELINE=${named} is not a commit here (fetch it first)`);
    return { sha: found, why: `PROTO_BASELINE=${named}` };
  }
  const head = commit("HEAD");
  const main = commit("main") ?? commit("origin/main");
  if (main && main !== head) {
    const base = git("merge-base", "HEAD", main);
    if (base && base !== head) return { sha: base, why: "the merge-base with main" };
  }
  if (!commit("HEAD~1") && git("rev-parse", "--is-shallow-repository") === "true") {
    git("fetch", "--quiet", "--deepen=1");
  }
  const parent = commit("HEAD~1");
  return parent ? { sha: parent, why: "the previous commit" } : undefined;
}

const root = git("rev-parse", "--show-toplevel");
if (!root) throw new Error("breaking: not inside a git repository");
const base = baseline();
if (!base) {
  console.log("breaking: no earlier commit to compare with, so nothing can break");
  process.exit(0);
}
const archive = spawnSync("git", ["-C", root, "archive", "--format=tar", base.sha, "proto"]);
if (archive.status !== 0) {
  console.log(`breaking: ${base.why} (${base.sha.slice(0, 12)}) has no proto/, so nothing can break`);
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), "proto-baseline-"));
try {
  spawnSync("tar", ["-x", "-C", dir], { input: archive.stdout });
  if (!existsSync(join(dir, "proto"))) throw new Error("breaking: could not unpack the baseline's proto/");
  console.log(`breaking: proto/ against ${base.why} (${base.sha.slice(0, 12)})`);
  const check = spawnSync(buf, ["breaking", join(root, "proto"), "--against", join(dir, "proto")], {
    stdio: "inherit",
  });
  if (check.status !== 0) {
    console.error("breaking: a wire or JSON incompatible change; retire a field as proto/README.md says");
  }
  process.exitCode = check.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
