import type { z } from 'zod';

/** A request/response call: validated input, typed result. */
export interface CallDef<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly kind: 'call';
  readonly input: I;
  /** Phantom: carries the result type, never set at run time. */
  readonly output?: O;
}

/** A push stream: validated subscription input, typed events, ended by either side. */
export interface StreamDef<I extends z.ZodType = z.ZodType, E = unknown> {
  readonly kind: 'stream';
  readonly input: I;
  /** Phantom: carries the event type, never set at run time. */
  readonly event?: E;
}

export type AnyDef = CallDef | StreamDef;
export type ContractShape = Record<string, AnyDef>;

export function call<I extends z.ZodType>(input: I) {
  return { returns: <O>(): CallDef<I, O> => ({ kind: 'call', input }) };
}

export function stream<I extends z.ZodType>(input: I) {
  return { emits: <E>(): StreamDef<I, E> => ({ kind: 'stream', input }) };
}

export type CallNames<C extends ContractShape> = {
  [K in keyof C]: C[K] extends CallDef ? K : never;
}[keyof C] &
  string;

export type StreamNames<C extends ContractShape> = {
  [K in keyof C]: C[K] extends StreamDef ? K : never;
}[keyof C] &
  string;

/** What a caller passes (before defaults are applied). */
export type InputOf<D> = D extends CallDef<infer I, unknown> | StreamDef<infer I, unknown> ? z.input<I> : never;
/** What a handler receives (after validation and defaults). */
export type ParsedInputOf<D> = D extends CallDef<infer I, unknown> | StreamDef<infer I, unknown> ? z.output<I> : never;
export type OutputOf<D> = D extends CallDef<z.ZodType, infer O> ? O : never;
export type EventOf<D> = D extends StreamDef<z.ZodType, infer E> ? E : never;
