// ./run up [--kafka-port N] [--store-port N] [--data-dir DIR]: the whole local system until Ctrl-C.
import { untilInterrupted } from "@hr/local-stack";
import { parseCli, startDevStack } from "@hr/local-stack/cli";
import { type RunningSystem, startSystem, summary } from "./up";

async function main(argv: string[]): Promise<void> {
  const { options } = parseCli(["stack", ...argv]);
  const stack = await startDevStack(options);
  let system: RunningSystem | undefined;
  try {
    system = await startSystem(stack, console.log);
    console.log(summary(system));
    await untilInterrupted();
  } finally {
    console.log("[up] stopping...");
    await system?.stop();
    await stack.stop();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`up: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
