// @hr/local-stack: a real Kafka and a MongoDB-wire store on loopback, without Docker.
export { cacheDir } from "./cache";
export { createTestCertificates, type TlsCertificates } from "./certificates";
export {
  KAFKA_VERSION,
  type KafkaHandle,
  type KafkaNode,
  type KafkaOptions,
  kafkaAnswers,
  kafkaLibsDir,
  provisionKafka,
  startKafka,
  storageFormatArgs,
} from "./kafka";
export {
  defaultLog,
  freePort,
  type Log,
  type SpawnedProcess,
  spawnLogged,
  stopProcess,
  tail,
} from "./process";
export { kafkaLog4jProperties, kafkaServerProperties, renderProperties, replicationFor } from "./properties";
export { provision, type Stack, type StackOptions, startStack, untilInterrupted } from "./stack";
export {
  FERRETDB_VERSION,
  ferretdbBinary,
  provisionFerretDb,
  provisionStore,
  type StoreBackend,
  type StoreHandle,
  type StoreOptions,
  startStore,
  storeAnswers,
  storeBackend,
} from "./store";
export {
  provisionZipkin,
  startZipkin,
  ZIPKIN_VERSION,
  type ZipkinHandle,
  type ZipkinOptions,
  zipkinAnswers,
  zipkinJar,
} from "./zipkin";
