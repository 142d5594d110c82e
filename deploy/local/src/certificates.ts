// A throwaway certificate authority and a server certificate for 127.0.0.1, made with openssl at the
// moment they are needed (tests of TLS): never committed, gone with their folder.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { requireTool, runChecked } from "./process";

export interface TlsCertificates {
  /** The authority's certificate (PEM): what clients verify the servers against. */
  caFile: string;
  /** The server's certificate (PEM), signed by the authority, for IP 127.0.0.1 and DNS localhost. */
  certFile: string;
  /** The server's private key (PEM, PKCS#8, unencrypted). */
  keyFile: string;
  /** The key and the certificate in one PEM file, as Kafka's PEM key store and mongod read them. */
  keyAndCertFile: string;
}

/** Makes a CA and a server certificate valid for two days in `dir`. */
export async function createTestCertificates(dir: string): Promise<TlsCertificates> {
  requireTool("openssl", "version", "apt-get install -y openssl");
  const at = (name: string) => join(resolve(dir), name);
  mkdirSync(resolve(dir), { recursive: true });
  const days = ["-days", "2"];
  await runChecked("openssl", [
    ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", ...days, "-subj", "/CN=hr-stack test CA"],
    ...["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
    ...["-keyout", at("ca-key.pem"), "-out", at("ca.pem")],
  ]);
  await runChecked("openssl", [
    ...["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1"],
    ...["-keyout", at("server-key.pem"), "-out", at("server.csr")],
  ]);
  writeFileSync(
    at("server.ext"),
    "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n",
  );
  await runChecked("openssl", [
    ...["x509", "-req", "-in", at("server.csr"), "-CA", at("ca.pem"), "-CAkey", at("ca-key.pem")],
    ...["-CAcreateserial", ...days, "-extfile", at("server.ext"), "-out", at("server.pem")],
  ]);
  writeFileSync(
    at("server-key-cert.pem"),
    readFileSync(at("server-key.pem"), "utf8") + readFileSync(at("server.pem"), "utf8"),
  );
  return {
    caFile: at("ca.pem"),
    certFile: at("server.pem"),
    keyFile: at("server-key.pem"),
    keyAndCertFile: at("server-key-cert.pem"),
  };
}
