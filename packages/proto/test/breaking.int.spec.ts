import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The breaking-change check as CI runs it (scripts/breaking.mjs with proto/buf.yaml's rules), in a git
 * repository of its own whose last commit changes one proto: a renumbered field fails, a field retired
 * with `reserved` passes.
 */
const script = resolve(__dirname, "../scripts/breaking.mjs");
const config = resolve(__dirname, "../../../proto/buf.yaml");
let repo: string;

const git = (...args: string[]) => {
  const result = spawnSync("git", args, { cwd: repo, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
};

/** Commits `fields` as the body of `message Posting` on a branch from the first commit. */
function commitPosting(branch: string, fields: string): void {
  git("checkout", "--quiet", "-B", branch, "first");
  writeFileSync(
    join(repo, "proto/hr/example/v1/posting.proto"),
    `syntax = "proto3";\n\npackage hr.example.v1;\n\n// A posting.\nmessage Posting {\n${fields}\n}\n`,
  );
  git("commit", "--quiet", "-am", branch);
}

function breaking(): { status: number | null; output: string } {
  const result = spawnSync("node", [script], { cwd: repo, encoding: "utf8", env: { ...process.env } });
  return { status: result.status, output: result.stdout + result.stderr };
}

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), "breaking-test-"));
  mkdirSync(join(repo, "proto/hr/example/v1"), { recursive: true });
  copyFileSync(config, join(repo, "proto/buf.yaml"));
  git("init", "--quiet", "-b", "trunk");
  git("config", "user.email", "test@example.invalid");
  git("config", "user.name", "test");
  writeFileSync(
    join(repo, "proto/hr/example/v1/posting.proto"),
    'syntax = "proto3";\n\npackage hr.example.v1;\n\n// A posting.\nmessage Posting {\n  string employee_id = 1;\n  string note = 2;\n}\n',
  );
  git("add", ".");
  git("commit", "--quiet", "-m", "base");
  git("tag", "first");
});

afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe("buf breaking against the previous commit", () => {
  it("fails a renumbered field", () => {
    commitPosting("renumbered", "  string employee_id = 1;\n  string note = 3;");
    const result = breaking();
    expect(result.output).toContain("against the previous commit");
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/note/);
  });

  it("fails a field removed without reserving its number", () => {
    commitPosting("deleted", "  string employee_id = 1;");
    expect(breaking().status).not.toBe(0);
  });

  it("passes a field retired with its number and name reserved, and a new field", () => {
    commitPosting(
      "retired",
      '  reserved 2;\n  reserved "note";\n  string employee_id = 1;\n  string post = 3;',
    );
    const result = breaking();
    expect(result.output).toContain("against the previous commit");
    expect(result.status).toBe(0);
  });
});
