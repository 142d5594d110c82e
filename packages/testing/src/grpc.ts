import {
  type ClientDuplexStream,
  credentials,
  loadPackageDefinition,
  type Metadata,
  type ServiceClientConstructor,
} from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import {
  BadRequest,
  ErrorInfo,
  PreconditionFailure,
  RetryInfo,
} from "@hr/proto/gen/google/rpc/error_details";
import { Status } from "@hr/proto/gen/google/rpc/status";

/** The standard details of a gRPC error, decoded from `grpc-status-details-bin` as a client would. */
export interface StatusDetails {
  code: number;
  message: string;
  errorInfo?: ErrorInfo;
  badRequest?: BadRequest;
  preconditionFailure?: PreconditionFailure;
  retryInfo?: RetryInfo;
}

const TYPES = {
  "type.googleapis.com/google.rpc.ErrorInfo": ["errorInfo", ErrorInfo],
  "type.googleapis.com/google.rpc.BadRequest": ["badRequest", BadRequest],
  "type.googleapis.com/google.rpc.PreconditionFailure": ["preconditionFailure", PreconditionFailure],
  "type.googleapis.com/google.rpc.RetryInfo": ["retryInfo", RetryInfo],
} as const;

export function statusDetails(error: { metadata?: Metadata }): StatusDetails | undefined {
  const raw = error.metadata?.get("grpc-status-details-bin")[0];
  if (!raw) return undefined;
  const status = Status.decode(raw as Buffer);
  const out: StatusDetails = { code: status.code, message: status.message };
  for (const any of status.details) {
    const known = TYPES[any.typeUrl as keyof typeof TYPES];
    if (!known) throw new Error(`unexpected status detail ${any.typeUrl}`);
    const [key, type] = known;
    (out as unknown as Record<string, unknown>)[key] = type.decode(any.value);
  }
  return out;
}

/** The services a server lists over reflection (v1), as `grpcurl list` asks for them. */
export async function reflectedServices(address: string): Promise<string[]> {
  const reflectionProto = require.resolve("@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto");
  const definition = loadSync(reflectionProto, { keepCase: true });
  const { ServerReflection } = (loadPackageDefinition(definition) as unknown as ReflectionPackage).grpc
    .reflection.v1;
  const client = new ServerReflection(address, credentials.createInsecure());
  try {
    const call = (
      client as unknown as { ServerReflectionInfo: () => ClientDuplexStream<object, object> }
    ).ServerReflectionInfo();
    const answer = new Promise<string[]>((resolve, reject) => {
      call.on("data", (reply: { list_services_response?: { service: { name: string }[] } }) =>
        resolve((reply.list_services_response?.service ?? []).map((s) => s.name).sort()),
      );
      call.on("error", reject);
    });
    call.write({ list_services: "" });
    const names = await answer;
    call.end();
    return names;
  } finally {
    client.close();
  }
}

interface ReflectionPackage {
  grpc: { reflection: { v1: { ServerReflection: ServiceClientConstructor } } };
}
