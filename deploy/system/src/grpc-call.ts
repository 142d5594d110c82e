// A unary gRPC call as a promise, with a bearer token: how the system's own tools read the services.
import type { Client, Metadata as MetadataType, ServiceError } from "@grpc/grpc-js";
import { Metadata } from "@grpc/grpc-js";

/** A unary method of a generated client. */
export type Call<Req, Res> = (
  req: Req,
  md: MetadataType,
  cb: (e: ServiceError | null, r: Res) => void,
) => unknown;

/** Calls `client`'s unary methods with `token`; rejects with the ServiceError. */
export function unaryCaller(client: Client, token: string) {
  const md = new Metadata();
  md.set("authorization", `Bearer ${token}`);
  return <Req, Res>(method: Call<Req, Res>, request: Req) =>
    new Promise<Res>((resolve, reject) =>
      method.call(client, request, md, (error, reply) => (error ? reject(error) : resolve(reply))),
    );
}
