import {
  Server,
  ServerCredentials,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import type { PackageDefinition } from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";
import { fileDescriptorProtos } from "@hr/proto";
import { HealthImplementation } from "grpc-health-check";
import { withMalformedRequestsRefused } from "./grpc";
import { MAX_REQUEST_BYTES } from "./operation";

/** The health service's own name, as reflection lists it. */
export const HEALTH_SERVICE = "grpc.health.v1.Health";

/**
 * Keepalive: the server pings an idle connection every 30 s and drops it when no answer comes in 10 s,
 * so a long `WatchChanges`-style stream through a NAT or load balancer neither dies silently nor
 * holds a dead peer forever. Clients may ping too, down to every 10 s.
 */
const SERVER_OPTIONS = {
  "grpc.keepalive_time_ms": 30_000,
  "grpc.keepalive_timeout_ms": 10_000,
  "grpc.keepalive_permit_without_calls": 1,
  "grpc.http2.min_ping_interval_without_data_ms": 10_000,
  // As REST's body limit: grpc-js's default of 4 MB let one message cost seconds of decoding.
  "grpc.max_receive_message_length": MAX_REQUEST_BYTES,
};

export interface GrpcServerOptions {
  services: Array<{ definition: ServiceDefinition; implementation: UntypedServiceImplementation }>;
  address: string;
  health: HealthImplementation;
  credentials?: ServerCredentials;
}

/**
 * Starts a gRPC server with the given services plus the standard health service and server reflection
 * (v1 and v1alpha) describing them from the descriptors `pnpm gen` writes: `grpcurl list`, `describe`
 * and calls work without .proto files.
 */
export async function startGrpcServer(options: GrpcServerOptions): Promise<{ server: Server; port: number }> {
  const server = new Server(SERVER_OPTIONS);
  for (const { definition, implementation } of options.services)
    server.addService(withMalformedRequestsRefused(definition), implementation);
  options.health.addToServer(server);
  const names = [...options.services.map(({ definition }) => serviceNameOf(definition)), HEALTH_SERVICE];
  new ReflectionService(reflectedDescriptors(), { services: names }).addToServer(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      options.address,
      options.credentials ?? ServerCredentials.createInsecure(),
      (error, bound) => (error ? reject(error) : resolve(bound)),
    ),
  );
  return { server, port };
}

/** TLS for the gRPC server from PEM contents; with a CA, clients must present a certificate it signed. */
export function tlsCredentials(tls: { cert: Buffer; key: Buffer; ca?: Buffer }): ServerCredentials {
  return ServerCredentials.createSsl(
    tls.ca ?? null,
    [{ cert_chain: tls.cert, private_key: tls.key }],
    Boolean(tls.ca),
  );
}

/** `hr.skills.v1.SkillsService`, from a generated definition's method paths. */
export function serviceNameOf(definition: ServiceDefinition): string {
  const [first] = Object.values(definition);
  if (!first) throw new Error("a gRPC service definition without methods");
  return first.path.slice(1, first.path.lastIndexOf("/"));
}

/**
 * Every .proto of the repository, grpc/health/v1 included; reflection filters by service name. Given
 * as buf wrote them: proto-loader's own round trip renames map entries, which grpcurl then rejects.
 * Reflection reads only `fileDescriptorProtos` of each entry, so the entry carries nothing else.
 */
let descriptors: PackageDefinition | undefined;
function reflectedDescriptors(): PackageDefinition {
  descriptors ??= {
    "hr-integration": {
      fileDescriptorProtos: fileDescriptorProtos().map((bytes) => Buffer.from(bytes)),
    } as unknown as PackageDefinition[string],
  };
  return descriptors;
}

export { HealthImplementation };

/** Stops taking calls, lets running ones finish for a while, then cuts them off. */
export function stopGrpcServer(server: Server, graceMs = 5_000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
