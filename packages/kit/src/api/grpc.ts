import {
  Metadata as GrpcMetadata,
  Server as GrpcServer,
  type Metadata,
  type Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServiceDefinition,
  type sendUnaryData,
  status,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import type { TokenVerifier } from "../auth/token-verifier";
import type { Logger } from "../runtime/logger";
import { inCallSpan } from "./call-span";
import { mapError } from "./error-mapping";
import { CORRELATION_HEADER, invoke, type Operation } from "./operation";

/**
 * Binds operations to a generated grpc-js service definition by method name. Every method
 * authenticates from the `authorization` metadata; errors carry the status of CONTRACTS.md, with the
 * JSON error body (fields named as in the proto) in the `hr-error` trailer.
 */
export function grpcImplementation(
  definition: ServiceDefinition,
  // biome-ignore lint/suspicious/noExplicitAny: each method has its own request type.
  operations: Record<string, Operation<any, any>>,
  verifier: TokenVerifier,
  logger: Logger,
): UntypedServiceImplementation {
  const implementation: UntypedServiceImplementation = {};
  for (const [key, method] of Object.entries(definition)) {
    const name = method.path.slice(method.path.lastIndexOf("/") + 1);
    const operation = operations[name];
    if (!operation) throw new Error(`no operation bound to gRPC method ${method.path}`);
    if (method.requestStream || method.responseStream) {
      throw new Error(`${method.path} streams; bind it with a streaming handler`);
    }
    implementation[key] = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
      inCallSpan(operation.name, metadataHeaders(call.metadata), () =>
        invoke(
          operation,
          verifier,
          authorizationOf(call.metadata),
          call.request,
          call.metadata.get(CORRELATION_HEADER)[0]?.toString(),
        ),
      ).then(
        (reply) => callback(null, reply),
        (error) => callback(toServiceError(error, method.path, logger)),
      );
    };
  }
  return implementation;
}

export function authorizationOf(metadata: Metadata): string | undefined {
  const value = metadata.get("authorization")[0];
  return value === undefined ? undefined : value.toString();
}

export function metadataHeaders(metadata: Metadata): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata.getMap())) out[key] = value.toString();
  return out;
}

export function toServiceError(error: unknown, path: string, logger: Logger) {
  const mapped = mapError(error, "snake");
  if (mapped) {
    const trailer = new GrpcMetadata();
    trailer.set("hr-error", JSON.stringify(mapped.body));
    return { code: mapped.grpc, details: mapped.body.error.message, metadata: trailer };
  }
  logger.error({ err: error, method: path }, "unhandled error in gRPC method");
  return { code: status.INTERNAL, details: "internal error; see the service log" };
}

export async function startGrpcServer(
  services: Array<{ definition: ServiceDefinition; implementation: UntypedServiceImplementation }>,
  address: string,
): Promise<{ server: Server; port: number }> {
  const server = new GrpcServer();
  for (const { definition, implementation } of services) server.addService(definition, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(address, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { server, port };
}

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
