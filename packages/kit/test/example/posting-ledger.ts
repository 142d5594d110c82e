import type { ServiceDefinition } from "@grpc/grpc-js";
import { postingsV1 } from "@hr/proto";
import { Type } from "@sinclair/typebox";
import {
  type CommandContext,
  commandContext,
  type Decider,
  defineOperation,
  type EventSourcedServiceSpec,
  type EventStore,
  handleCommand,
  isIsoDate,
  NotFoundError,
  OutboxRelay,
  type OutboxRelayOptions,
  protobufCodec,
  RuleViolation,
  silentLogger,
  ValidationError,
} from "../../src";

/**
 * The kit's example service, used by its tests: a ledger of postings per employee. It has the shape
 * of a real service (decider, operations, REST + gRPC) in one file, with hr.postings.v1 messages.
 */
export type PostingEvent = { type: "PostingRecorded"; data: postingsV1.PostingRecorded };
export type RecordPosting = Omit<postingsV1.PostingRecorded, "kind">;
export interface LedgerState {
  postingIds: string[];
}

export const ledgerDecider: Decider<RecordPosting, PostingEvent, LedgerState> = {
  initialState: () => ({ postingIds: [] }),
  decide: (command, state) => {
    if (state.postingIds.includes(command.postingId)) {
      throw new RuleViolation("POSTING_ALREADY_RECORDED", `posting ${command.postingId} is already recorded`);
    }
    return [{ type: "PostingRecorded", data: { ...command, kind: postingsV1.PostingKind.REGULAR_TRANSFER } }];
  },
  evolve: (state, event) => ({ postingIds: [...state.postingIds, event.data.postingId] }),
};

export const ledgerCodec = protobufCodec("hr.postings.v1", { PostingRecorded: postingsV1.PostingRecorded });

/** The ledger's outbox relay as the tests run it: its events as CloudEvents from `/hr/example` (unless told), no logs. */
export const ledgerRelay = (
  options: Omit<OutboxRelayOptions, "source" | "codec" | "logger"> &
    Partial<Pick<OutboxRelayOptions, "source" | "codec">>,
) => new OutboxRelay({ source: "/hr/example", codec: ledgerCodec, logger: silentLogger, ...options });

export const streamOf = (employeeId: string) => `ledger-${employeeId}`;

export const posting = (
  employeeId: string,
  postingId: string,
  effectiveDate = "2025-04-01",
): RecordPosting => ({
  employeeId,
  postingId,
  effectiveDate,
  department: "Digital Services Bureau",
  post: "ICT staff",
});

/** Records a posting through the kit's command handling, as the service's operation does. */
export function recordPosting(
  store: EventStore,
  command: RecordPosting,
  options: { context?: CommandContext; maxRetries?: number; onAppended?: () => void } = {},
) {
  return handleCommand({
    store,
    decider: ledgerDecider,
    streamId: streamOf(command.employeeId),
    commandName: "RecordPosting",
    command,
    request: command,
    context: options.context ?? {},
    reply: ({ version }) => ({ postingId: command.postingId, version }),
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
    ...(options.onAppended ? { onAppended: options.onAppended } : {}),
  });
}

const IsoDate = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "YYYY-MM-DD" });
const RecordPostingRequest = Type.Object({
  requestId: Type.String({ minLength: 1, maxLength: 128 }),
  employeeId: Type.String({ minLength: 1, maxLength: 32 }),
  postingId: Type.String({ minLength: 1 }),
  department: Type.String({ minLength: 1 }),
  post: Type.String({ minLength: 1 }),
  effectiveDate: IsoDate,
});
const GetLedgerRequest = Type.Object({ employeeId: Type.String({ minLength: 1 }) });

/** A JSON-serialised gRPC definition: enough to test the gRPC binding without a test-only proto. */
const json = {
  requestSerialize: (value: unknown) => Buffer.from(JSON.stringify(value)),
  requestDeserialize: (bytes: Buffer) => JSON.parse(bytes.toString()),
  responseSerialize: (value: unknown) => Buffer.from(JSON.stringify(value)),
  responseDeserialize: (bytes: Buffer) => JSON.parse(bytes.toString()),
};
export const LedgerServiceDefinition: ServiceDefinition = {
  recordPosting: {
    path: "/example.Ledger/RecordPosting",
    requestStream: false,
    responseStream: false,
    ...json,
  },
  getLedger: { path: "/example.Ledger/GetLedger", requestStream: false, responseStream: false, ...json },
};

export const ledgerService: EventSourcedServiceSpec = {
  name: "ledger",
  title: "Example ledger",
  description: "The kit's example service",
  version: "0.0.0",
  topic: "hr.postings.v1",
  source: "/hr/example",
  codec: ledgerCodec,
  defaultPorts: { httpPort: 0, grpcPort: 0 },
  grpcService: LedgerServiceDefinition,
  async setup({ store, notifyOutbox }) {
    const recordOperation = defineOperation({
      name: "RecordPosting",
      summary: "Record a posting",
      input: RecordPostingRequest,
      roles: ["hr-core", "hr-admin"],
      subject: (input) => input.employeeId,
      handle: async (input, call) => {
        if (!isIsoDate(input.effectiveDate))
          throw ValidationError.field("effectiveDate", "is not a calendar date");
        const { requestId, ...command } = input;
        const outcome = await recordPosting(store, command, {
          context: commandContext(requestId, call),
          onAppended: notifyOutbox,
        });
        return outcome.reply;
      },
    });
    const getOperation = defineOperation({
      name: "GetLedger",
      summary: "Postings of an employee",
      input: GetLedgerRequest,
      roles: ["hr-core", "employee"],
      subject: (input) => input.employeeId,
      handle: async (input) => {
        const { events } = await store.readStream<PostingEvent>(streamOf(input.employeeId));
        if (events.length === 0) throw new NotFoundError(`no postings for employee ${input.employeeId}`);
        return { postingIds: events.map((e) => e.data.postingId) };
      },
    });
    return {
      operations: { RecordPosting: recordOperation, GetLedger: getOperation },
      routes: [
        { method: "POST", url: "/v1/employees/:employeeId/postings", operation: "RecordPosting" },
        { method: "GET", url: "/v1/employees/:employeeId/postings", operation: "GetLedger" },
      ],
    };
  },
};
