// The AsyncAPI 3 document of every topic the system publishes, derived from the protobuf descriptors that
// `pnpm gen` writes (proto/ is the source of truth, so the document cannot drift from it): one channel per
// `proto/hr/<area>/v1/events.proto` (its package is the topic name), one message per event type (`ce_type`),
// the CloudEvents headers, the key, and the dead-letter topic of hr-sync.
import {
  create,
  createFileRegistry,
  type DescEnum,
  type DescField,
  type DescFile,
  type DescMessage,
  fromBinary,
  ScalarType,
} from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { fileDescriptorProtos } from "@hr/proto";

type Json = Record<string, unknown>;

/** Files of event messages: `hr/<area>/v1/events.proto`; the package is the topic. */
const EVENTS_FILE = /^hr\/[a-z_]+\/v\d+\/events\.proto$/;
const DLQ_TOPIC = "hr.sync.dlq.v1";
const KAFKA_BINDING_VERSION = "0.5.0";

function registry() {
  const files = fileDescriptorProtos().map((bytes) => fromBinary(FileDescriptorProtoSchema, bytes));
  return createFileRegistry(create(FileDescriptorSetSchema, { file: files }));
}

/** The leading comment of a descriptor at `path` (source code info), as one paragraph. */
function comment(file: DescFile, path: number[]): string | undefined {
  const location = file.proto.sourceCodeInfo?.location.find(
    (l) => l.path.length === path.length && l.path.every((p, i) => p === path[i]),
  );
  const text = location?.leadingComments?.trim();
  return text ? text.replace(/\s*\n\s*/g, " ") : undefined;
}

function messagePath(message: DescMessage): number[] | undefined {
  const index = message.file.messages.indexOf(message);
  return index < 0 ? undefined : [4, index];
}

function described(schema: Json, description: string | undefined): Json {
  return description ? { description, ...schema } : schema;
}

const scalarSchema: Partial<Record<ScalarType, Json>> = {
  [ScalarType.STRING]: { type: "string" },
  [ScalarType.BOOL]: { type: "boolean" },
  [ScalarType.BYTES]: { type: "string", contentEncoding: "base64" },
  [ScalarType.DOUBLE]: { type: "number" },
  [ScalarType.FLOAT]: { type: "number" },
  // 64-bit integers are strings in the proto3 JSON mapping.
  [ScalarType.INT64]: { type: "string", pattern: "^-?[0-9]+$" },
  [ScalarType.UINT64]: { type: "string", pattern: "^[0-9]+$" },
  [ScalarType.SINT64]: { type: "string", pattern: "^-?[0-9]+$" },
  [ScalarType.FIXED64]: { type: "string", pattern: "^[0-9]+$" },
  [ScalarType.SFIXED64]: { type: "string", pattern: "^-?[0-9]+$" },
};

const schemaRef = (typeName: string) => ({ $ref: `#/components/schemas/${typeName}` });

function valueSchema(
  field: DescField | { scalar?: ScalarType; message?: DescMessage; enum?: DescEnum },
): Json {
  if (field.message) return schemaRef(field.message.typeName);
  if (field.enum) return schemaRef(field.enum.typeName);
  return scalarSchema[field.scalar as ScalarType] ?? { type: "integer", format: "int32" };
}

function fieldSchema(field: DescField): Json {
  switch (field.fieldKind) {
    case "list":
      return {
        type: "array",
        items: valueSchema({ scalar: field.scalar, message: field.message, enum: field.enum }),
      };
    case "map":
      return {
        type: "object",
        additionalProperties: valueSchema({ scalar: field.scalar, message: field.message, enum: field.enum }),
      };
    default:
      return valueSchema(field);
  }
}

/** JSON Schema of a message's fields, with their proto3 JSON names and the .proto comments. */
function messageSchema(message: DescMessage): Json {
  const path = messagePath(message);
  const properties = Object.fromEntries(
    message.fields.map((field) => {
      const index = message.proto.field.findIndex((f) => f.number === field.number);
      const text = path ? comment(message.file, [...path, 2, index]) : undefined;
      return [field.jsonName, described({ ...fieldSchema(field), "x-protobuf-field": field.number }, text)];
    }),
  );
  return described(
    { type: "object", "x-protobuf-message": message.typeName, properties },
    path ? comment(message.file, path) : undefined,
  );
}

function enumSchema(desc: DescEnum): Json {
  const index = desc.file.enums.indexOf(desc);
  return described(
    { type: "string", enum: desc.values.map((v) => v.name) },
    index < 0 ? undefined : comment(desc.file, [5, index]),
  );
}

/** Every message and enum a set of messages reaches through its fields, by full name. */
function reachable(messages: DescMessage[]): { messages: DescMessage[]; enums: DescEnum[] } {
  const seen = new Map<string, DescMessage>();
  const enums = new Map<string, DescEnum>();
  const visit = (message: DescMessage) => {
    if (seen.has(message.typeName)) return;
    seen.set(message.typeName, message);
    for (const field of message.fields) {
      if (field.message) visit(field.message);
      if (field.enum) enums.set(field.enum.typeName, field.enum);
    }
  };
  for (const message of messages) visit(message);
  return { messages: [...seen.values()], enums: [...enums.values()] };
}

/** The event messages of an events file: its top-level messages that no other of its messages contains. */
function eventMessages(file: DescFile): DescMessage[] {
  const contained = new Set(
    file.messages.flatMap((m) => m.fields.flatMap((f) => (f.message ? [f.message.typeName] : []))),
  );
  return file.messages.filter((m) => !contained.has(m.typeName));
}

const channelId = (topic: string) => topic.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase());

const CLOUD_EVENT_HEADERS: Json = {
  type: "object",
  description:
    "CloudEvents 1.0 Kafka protocol binding, binary content mode (every value is a string), plus W3C trace context.",
  required: ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_subject", "ce_time", "content-type"],
  properties: {
    ce_specversion: { type: "string", const: "1.0" },
    ce_id: {
      type: "string",
      description: "Unique event id, the same on every redelivery: deduplicate by it.",
    },
    ce_source: { type: "string", description: "The producing service, e.g. /hr/training." },
    ce_type: { type: "string", description: "Fully-qualified protobuf message name of the value." },
    ce_subject: {
      type: "string",
      description:
        "The employee id (also the message key); for reference data about no employee (hr.skills.v1.SkillMapRevisionLoaded) its stream, e.g. skill-map-FY2024.",
    },
    ce_time: { type: "string", format: "date-time", description: "When the fact was recorded (RFC 3339)." },
    ce_effectivedate: {
      type: "string",
      format: "date",
      description: "When the fact counts for HR (YYYY-MM-DD): it decides the fiscal year.",
    },
    ce_sequence: {
      type: "string",
      pattern: "^[0-9]+$",
      description: "The event's position in its stream; per employee, events arrive in this order.",
    },
    ce_streamid: {
      type: "string",
      description:
        "The stream the event belongs to (e.g. the employee's skill profile, an overseas training application): ce_sequence counts within it, so order one stream's events by ce_sequence, and use ce_time only between streams. Absent on events published before it was added.",
    },
    "content-type": { type: "string", const: "application/protobuf" },
    traceparent: { type: "string", description: "W3C trace context: join the producer's trace." },
    tracestate: { type: "string" },
  },
};

const KEY = {
  type: "string",
  description:
    "The employee id: per employee, events of one topic keep their order. Reference data about no employee is keyed by its stream (e.g. skill-map-FY2024), which keeps its order.",
};

function eventMessage(message: DescMessage, topic: string): Json {
  return {
    name: message.name,
    title: message.typeName,
    summary: comment(message.file, messagePath(message) ?? []) ?? message.typeName,
    contentType: "application/protobuf",
    headers: {
      allOf: [
        { $ref: "#/components/schemas/CloudEventHeaders" },
        { properties: { ce_type: { const: message.typeName } } },
      ],
    },
    payload: schemaRef(message.typeName),
    correlationId: { location: "$message.header#/ce_id" },
    bindings: { kafka: { key: KEY, bindingVersion: KAFKA_BINDING_VERSION } },
    "x-protobuf-file": `proto/${message.file.name}.proto`,
    "x-topic": topic,
  };
}

const DEAD_LETTER: Json = {
  name: "DeadLetter",
  title: "A record hr-sync could not project",
  summary: "The original key, value and headers, plus the reason it was set aside.",
  contentType: "application/octet-stream",
  headers: {
    type: "object",
    description: "The original record's headers (CloudEvents, if it had them) plus these.",
    required: ["dlq_reason", "dlq_source_topic", "dlq_source_partition", "dlq_source_offset"],
    properties: {
      dlq_reason: { type: "string", enum: ["undecodable", "unknown-type", "invalid", "handler-failed"] },
      dlq_detail: { type: "string", description: "What was wrong, for an operator (no personal data)." },
      dlq_source_topic: { type: "string" },
      dlq_source_partition: { type: "string", pattern: "^[0-9]+$" },
      dlq_source_offset: { type: "string", pattern: "^[0-9]+$" },
    },
  },
  payload: { type: "string", format: "binary", description: "The original value, unchanged." },
  bindings: {
    kafka: {
      key: { type: "string", description: "The original key." },
      bindingVersion: KAFKA_BINDING_VERSION,
    },
  },
};

/** The whole AsyncAPI 3.0 document, as a plain object (keys in a stable order). */
export function asyncApiDocument(): Json {
  const files = [...registry().files].filter((f) => EVENTS_FILE.test(`${f.name}.proto`));
  files.sort((a, b) => a.proto.package.localeCompare(b.proto.package));
  const channels: Json = {};
  const operations: Json = {};
  const messages: Json = {};
  const all: DescMessage[] = [];
  for (const file of files) {
    const topic = file.proto.package;
    const events = eventMessages(file);
    all.push(...events);
    const id = channelId(topic);
    channels[id] = {
      address: topic,
      title: topic,
      description: comment(file, [2]) ?? `Events on ${topic}.`,
      messages: Object.fromEntries(
        events.map((m) => [m.name, { $ref: `#/components/messages/${m.typeName}` }]),
      ),
      bindings: { kafka: { topic, bindingVersion: KAFKA_BINDING_VERSION } },
    };
    operations[`publish${id[0]?.toUpperCase()}${id.slice(1)}`] = {
      action: "send",
      channel: { $ref: `#/channels/${id}` },
      summary: `The system publishes every ${topic} event; consume with a consumer group of your own.`,
      messages: events.map((m) => ({ $ref: `#/channels/${id}/messages/${m.name}` })),
    };
    for (const m of events) messages[m.typeName] = eventMessage(m, topic);
  }
  const dlq = channelId(DLQ_TOPIC);
  channels[dlq] = {
    address: DLQ_TOPIC,
    title: DLQ_TOPIC,
    description: "Records hr-sync could not project (poison messages), with the reason; for operators.",
    messages: { DeadLetter: { $ref: "#/components/messages/DeadLetter" } },
    bindings: { kafka: { topic: DLQ_TOPIC, bindingVersion: KAFKA_BINDING_VERSION } },
  };
  operations.publishHrSyncDlqV1 = {
    action: "send",
    channel: { $ref: `#/channels/${dlq}` },
    summary: "hr-sync sets aside what it cannot project, and its partition moves on.",
    messages: [{ $ref: `#/channels/${dlq}/messages/DeadLetter` }],
  };
  messages.DeadLetter = DEAD_LETTER;

  const { messages: schemaMessages, enums } = reachable(all);
  const schemas: Json = { CloudEventHeaders: CLOUD_EVENT_HEADERS };
  for (const m of [...schemaMessages].sort((a, b) => a.typeName.localeCompare(b.typeName))) {
    schemas[m.typeName] = messageSchema(m);
  }
  for (const e of [...enums].sort((a, b) => a.typeName.localeCompare(b.typeName)))
    schemas[e.typeName] = enumSchema(e);

  return {
    asyncapi: "3.0.0",
    info: {
      title: "HR integration events",
      version: "1.0.0",
      description: [
        "The Kafka topics through which the HR integration services publish the growth of ICT staff (skills,",
        "training, secondments, postings) to the HR department and to other departments. Every value is the",
        "protobuf encoding of the message its `ce_type` header names (generated from `proto/`, see",
        "packages/asyncapi/README.md for clients in TypeScript, Java and Python). Consume with a consumer group of",
        "your own, deduplicate by `ce_id` (delivery is at least once), and expect per-employee order within a",
        "topic. No free text about a person is ever on a topic: reasons are codes.",
      ].join(" "),
    },
    defaultContentType: "application/protobuf",
    servers: {
      local: {
        host: "127.0.0.1:9092",
        protocol: "kafka",
        description: "The broker of `./run up` (deployments: KAFKA_BROKERS of the platform).",
      },
    },
    channels,
    operations,
    components: { messages, schemas },
  };
}
