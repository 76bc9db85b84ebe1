import { z } from 'zod';
import { call, stream } from './define';
import { containerIdSchema } from './containers';
import { engineRefSchema } from './resource-fields';

/** Which of a container's outputs a line came from. */
export type LogStreamName = 'stdout' | 'stderr';

/** One container feeding a log view; the merged Compose view has one per service replica. */
export interface LogSource {
  containerId: string;
  /** Container name without the leading slash. */
  name: string;
  /** The Compose service, when the container belongs to a project. */
  service?: string;
  running: boolean;
}

/**
 * The engine timestamps of a batch, compactly (they would otherwise be most of the bytes): the first line's time as
 * Unix seconds plus nanoseconds, then each line's offset in nanoseconds from the line before (0 for the first).
 * Offsets stay below 2^53, so they are exact.
 */
export interface LogTimes {
  seconds: number;
  nanos: number;
  deltas: number[];
}

/**
 * A batch of complete lines, column-wise so a million lines stay cheap to serialize and store.
 * Line `i` is the `i`-th line of `text`, timed by `time` (see `logLineTexts`).
 */
export interface LogLines {
  /**
   * The lines joined by newlines (a line never holds one): one long string parses far faster than an array of a
   * million short ones.
   */
  text: string;
  time: LogTimes;
  /** Indexes (into `text`) of the lines that came from stderr; all others are stdout. */
  stderr: number[];
  /** Index into the stream's `sources` per line; absent when the view has a single source. */
  source?: number[];
}

export type LogEvent =
  /** First event of every stream: the session id to acknowledge batches with, and who is speaking. */
  | { type: 'start'; session: string; sources: LogSource[] }
  /** Lines in engine order (merged views: by timestamp). Acknowledge `seq` with `logs.ack` once shown. */
  | { type: 'lines'; seq: number; lines: LogLines }
  /** The source list changed: a container started, stopped, appeared or went away. */
  | { type: 'sources'; sources: LogSource[] }
  /** The initial range has been delivered; what follows is live output. */
  | { type: 'caught-up' };

/** An RFC 3339 time with optional fraction and zone, as the engine prints and `<input type=datetime-local>` gives. */
const timeSchema = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)?$/, 'an RFC 3339 time such as 2024-05-01T12:00:00Z');

export const MAX_TAIL_LINES = 10_000_000;

const logRangeShape = {
  /** How many of the latest lines to load first; 'all' loads the whole log. */
  tail: z.union([z.literal('all'), z.number().int().min(0).max(MAX_TAIL_LINES)]).default(1000),
  /** Only lines at or after this time. */
  since: timeSchema.optional(),
  /** Only lines before this time; a view with `until` does not follow. */
  until: timeSchema.optional(),
  /** Keep the stream open for new lines (default), following restarts. */
  follow: z.boolean().default(true),
  /**
   * Resuming after an outage: `since` is the timestamp of the last line already shown and this many lines
   * carrying exactly that timestamp were shown too, so they are skipped rather than repeated.
   */
  skipAtSince: z.number().int().min(0).max(1_000_000).optional(),
};

export const containerLogsInputSchema = z.object({ containerId: containerIdSchema, ...logRangeShape }).strict();

export const projectNameSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'a Compose project name');

export const projectLogsInputSchema = z.object({ project: projectNameSchema, ...logRangeShape }).strict();

/** A swarm service by id or name. */
export const swarmServiceLogsInputSchema = z.object({ service: engineRefSchema, ...logRangeShape }).strict();

export type ContainerLogsInput = z.output<typeof containerLogsInputSchema>;
export type ProjectLogsInput = z.output<typeof projectLogsInputSchema>;
export type LogRangeInput = Omit<ContainerLogsInput, 'containerId'>;

export const logsContract = {
  /** One container's logs: the initial range, then (when following) live lines across stops and restarts. */
  'logs.container': stream(containerLogsInputSchema).emits<LogEvent>(),
  /** Every container of a Compose project, interleaved by timestamp. */
  'logs.project': stream(projectLogsInputSchema).emits<LogEvent>(),
  /** Every task container of a swarm service on this engine, interleaved by timestamp, each line prefixed by its task. */
  'logs.swarmService': stream(swarmServiceLogsInputSchema).emits<LogEvent>(),
  /** The renderer has taken in batches up to `seq`; the server sends only a few batches ahead of this. */
  'logs.ack': call(z.object({ session: z.string().uuid(), seq: z.number().int().min(0) }).strict()).returns<void>(),
};

/** The texts of a batch's lines, in order. */
export function logLineTexts(lines: LogLines): string[] {
  return lines.text.split('\n');
}

/** Calls back with each line's time (Unix seconds, nanoseconds) decoded from a batch. */
export function forEachLogTime(time: LogTimes, visit: (seconds: number, nanos: number, index: number) => void): void {
  let seconds = time.seconds;
  let nanos = time.nanos;
  for (let i = 0; i < time.deltas.length; i++) {
    nanos += time.deltas[i]!;
    if (nanos >= 1e9 || nanos < 0) {
      const carry = Math.floor(nanos / 1e9);
      seconds += carry;
      nanos -= carry * 1e9;
    }
    visit(seconds, nanos, i);
  }
}

/** RFC 3339 with nanoseconds, as the engine prints it (fraction padded to nine digits). */
export function formatLogTime(seconds: number, nanos: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${String(nanos).padStart(9, '0')}Z`;
}
