// One `./run up` per set of ports: a second one says that the first runs (and how to stop it) instead
// of failing on a port; a port taken by some other program is named before anything starts.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { SERVICES } from "./up";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Claims `<stateDir>/up-<offset>.pid` (an exclusive create); a file left by a process that is gone is
 * taken over. Throws when a live `./run up` holds it. Returns the release function.
 */
export function claimInstance(stateDir: string, portOffset: number): () => void {
  mkdirSync(stateDir, { recursive: true });
  const file = join(stateDir, `up-${portOffset}.pid`);
  for (;;) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(file, "utf8").trim());
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
        throw new Error(
          `the system is already running (./run up, pid ${holder}${portOffset ? `, --port-offset ${portOffset}` : ""}); ` +
            `its addresses are printed in its terminal. Stop it with Ctrl-C there (or: kill -INT ${holder}), ` +
            "or start a second one beside it with --port-offset N",
        );
      }
      rmSync(file, { force: true });
    }
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** The ports the system would listen on that something else holds, as `port (what)`. */
export async function portsInUse(opts: {
  kafkaPort: number;
  storePort: number;
  zipkinPort: number;
  portOffset: number;
}): Promise<string[]> {
  const wanted: Array<[number, string]> = [
    [opts.kafkaPort, "Kafka"],
    [opts.storePort, "store"],
    [opts.zipkinPort, "Zipkin"],
    ...SERVICES.flatMap(
      (s): Array<[number, string]> => [
        [s.httpPort + opts.portOffset, `${s.name} HTTP`],
        [s.grpcPort + opts.portOffset, `${s.name} gRPC`],
      ],
    ),
  ];
  const free = await Promise.all(wanted.map(([port]) => portFree(port)));
  return wanted.filter((_, i) => !free[i]).map(([port, what]) => `${port} (${what})`);
}
