// pnpm asyncapi           writes asyncapi.yaml from the protobuf descriptors
// pnpm asyncapi --check   exits 1 when asyncapi.yaml is not what the descriptors give (CI, like gen:check)
import { readFileSync, writeFileSync } from "node:fs";
import { ASYNCAPI_FILE, asyncApiYaml } from "./document";

const expected = asyncApiYaml();
if (process.argv.includes("--check")) {
  if (readFileSync(ASYNCAPI_FILE, "utf8") !== expected) {
    console.error(`${ASYNCAPI_FILE} is out of date: run pnpm asyncapi`);
    process.exit(1);
  }
  console.log(`${ASYNCAPI_FILE} is up to date`);
} else {
  writeFileSync(ASYNCAPI_FILE, expected);
  console.log(`wrote ${ASYNCAPI_FILE}`);
}
