import type { Duplex } from 'node:stream';
import type { ApiCall, ApiCallUpgrade } from '../../common/contract/proxy';
import type { ActivityLog } from './activity-log';
import { clientCallFields, isHijackContentType, redactHeaders } from './call-fields';
import {
  declaredFraming,
  headerValue,
  MessageFramer,
  parseRequestHead,
  parseResponseHead,
  requestBodyFraming,
  type BodyFraming,
} from './http-head';

/** One request on the connection and, once recorded, its activity entry. */
interface Exchange {
  method: string;
  startedAt: number;
  record?: ApiCall;
}

export interface ConnectionPeer {
  pid?: number;
  processName?: string;
}

/**
 * Splices one client connection to one engine connection: bytes flow both ways untouched, with backpressure and
 * half-close passed through (the client's EOF ends only the engine side's write half). Two framers read the HTTP/1
 * heads on the way past, to count requests and record calls; after a `101`, a hijacked `200` or an HTTP/2 preface,
 * both directions are raw bytes. Reading never decides what is forwarded.
 */
export class ProxyConnection {
  private readonly queue: Exchange[] = [];
  private upgraded?: Exchange;
  private requestExchange?: Exchange;
  private responseExchange?: Exchange;
  private informational = false;
  private readonly requests: MessageFramer;
  private readonly responses: MessageFramer;
  private tapping = true;
  private clientEnded = false;
  private closedSides = 0;
  private finished = false;
  /** Armed by `expectHeadWithin`; cleared by the first request head or the engine's first byte. */
  private headTimer?: NodeJS.Timeout;

  constructor(
    private readonly client: Duplex,
    private readonly engine: Duplex,
    private readonly activity: ActivityLog,
    private readonly connectionId: number,
    private readonly peer: ConnectionPeer,
    private readonly onFinish: () => void,
    private readonly log: (message: string, error?: unknown) => void = () => undefined,
  ) {
    this.requests = new MessageFramer({
      head: (head) => this.requestHead(head),
      bytes: (count) => this.countIn(count),
      end: () => undefined,
    });
    this.responses = new MessageFramer({
      head: (head) => this.responseHead(head),
      bytes: (count) => this.countOut(count),
      end: () => this.responseEnded(),
    });
    this.forward(client, engine, this.requests);
    this.forward(engine, client, this.responses);
    client.on('end', () => (this.clientEnded = true));
    // The engine answering at all (even a 400 to garbage, or to a head too big for the framer) ends the head wait.
    engine.once('data', () => this.headArrived());
    for (const side of [client, engine]) {
      side.on('error', (err: Error) => this.fail(side === client ? 'client' : 'engine', err));
      side.on('close', () => this.sideClosed());
    }
  }

  /** Ends the connection now (Berth is quitting or the socket is turned off). */
  destroy(): void {
    this.client.destroy();
    this.engine.destroy();
  }

  /**
   * Closes the connection unless its first request head arrives (or the engine starts answering) within `ms`. A
   * client that connects and sends nothing, or sends a head one byte a second (slowloris), would otherwise hold a
   * proxy connection and an engine connection open for good: dockerd 20.10 sets no header timeout of its own. Once
   * the first head is through, the connection is the client's for as long as it likes (keep-alive, `logs -f`,
   * attach, `events`): nothing here ever times out an established stream.
   */
  expectHeadWithin(ms: number): void {
    clearTimeout(this.headTimer);
    this.headTimer = setTimeout(() => {
      this.headTimer = undefined;
      this.log(`proxy: closed connection ${this.connectionId}, which sent no complete request head within ${ms} ms`);
      this.destroy();
    }, ms);
    this.headTimer.unref();
  }

  private headArrived(): void {
    clearTimeout(this.headTimer);
    this.headTimer = undefined;
  }

  private forward(from: Duplex, to: Duplex, framer: MessageFramer): void {
    from.on('data', (chunk: Buffer) => {
      if (this.tapping) this.tap(framer, chunk);
      if (!to.write(chunk)) from.pause();
    });
    to.on('drain', () => from.resume());
    // Half-close: one side's EOF ends the other side's write half only; the other direction keeps flowing.
    from.on('end', () => {
      framer.close();
      if (!to.destroyed) to.end();
    });
  }

  private tap(framer: MessageFramer, chunk: Buffer): void {
    try {
      framer.push(chunk);
    } catch (err) {
      // Recording must never cost a connection: stop reading this one and keep forwarding.
      this.tapping = false;
      this.log('proxy: stopped recording a connection after a parse error', err);
    }
  }

  private requestHead(raw: Buffer): BodyFraming | undefined {
    const head = parseRequestHead(raw);
    if (!head) return undefined;
    this.headArrived();
    this.activity.requests++;
    const exchange: Exchange = { method: head.method, startedAt: Date.now() };
    if (this.activity.watching) {
      exchange.record = this.activity.begin({ ...clientCallFields(this.connectionId, head, exchange.startedAt), ...this.peer });
    }
    if (head.method === 'PRI' && head.version === 'HTTP/2.0') {
      // HTTP/2 with prior knowledge: nothing more to read in either direction.
      this.startRaw(exchange, 'h2');
      this.responses.goRaw();
      return { kind: 'raw' };
    }
    this.queue.push(exchange);
    this.requestExchange = exchange;
    // Until the engine answers, what follows may be a hijacked stream rather than the next request.
    this.requests.waitAfterMessage();
    return requestBodyFraming(head);
  }

  private responseHead(raw: Buffer): BodyFraming | undefined {
    const head = parseResponseHead(raw);
    const exchange = this.queue[0];
    if (!head || !exchange) return undefined;
    const record = exchange.record;
    if (head.status >= 100 && head.status < 200 && head.status !== 101) {
      this.informational = true;
      return { kind: 'none' };
    }
    if (record) {
      record.status = head.status;
      record.responseHeaders = redactHeaders(head.headers);
    }
    const declared = declaredFraming(head.headers);
    const hijacked = head.status === 200 && !declared && isHijackContentType(headerValue(head.headers, 'content-type'));
    if (head.status === 101 || hijacked) {
      this.startRaw(exchange, head.status === 101 ? 'upgrade' : 'hijack');
      this.requests.goRaw();
      return { kind: 'raw' };
    }
    this.responseExchange = exchange;
    if (record) this.activity.changed(record);
    this.requests.resume();
    if (exchange.method === 'HEAD' || head.status === 204 || head.status === 304) return { kind: 'none' };
    return declared ?? { kind: 'until-close' };
  }

  private responseEnded(): void {
    if (this.informational) {
      this.informational = false;
      return;
    }
    const exchange = this.queue.shift();
    if (this.responseExchange === exchange) this.responseExchange = undefined;
    if (this.requestExchange === exchange) this.requestExchange = undefined;
    const record = exchange?.record;
    if (!record) return;
    record.state = 'done';
    record.durationMs = Date.now() - exchange.startedAt;
    this.activity.changed(record);
  }

  private startRaw(exchange: Exchange, upgrade: ApiCallUpgrade): void {
    this.upgraded = exchange;
    this.requestExchange = undefined;
    this.responseExchange = undefined;
    if (exchange.record) {
      exchange.record.upgrade = upgrade;
      this.activity.changed(exchange.record);
    }
  }

  private countIn(count: number): void {
    const record = (this.upgraded ?? this.requestExchange)?.record;
    if (!record) return;
    record.bytesIn += count;
    this.activity.changed(record);
  }

  private countOut(count: number): void {
    const record = (this.upgraded ?? this.responseExchange ?? this.queue[0])?.record;
    if (!record) return;
    record.bytesOut += count;
    this.activity.changed(record);
  }

  private fail(side: 'client' | 'engine', err: Error): void {
    if (side === 'engine') this.closeOpenCalls(`The engine connection failed: ${(err as NodeJS.ErrnoException).code ?? err.message}.`);
    // A reset on one side means nothing more can cross: close both.
    this.client.destroy();
    this.engine.destroy();
  }

  private sideClosed(): void {
    this.closedSides++;
    // One side gone without a clean end (destroyed, reset): the other cannot be served any more.
    if (this.client.destroyed && !this.engine.destroyed && !this.engine.writableEnded) this.engine.destroy();
    if (this.engine.destroyed && !this.client.destroyed && !this.client.writableEnded) this.client.destroy();
    if (this.closedSides < 2 && !(this.client.destroyed && this.engine.destroyed)) return;
    this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.headArrived();
    this.closeOpenCalls(this.clientEnded ? undefined : 'The engine closed the connection before the call ended.');
    this.onFinish();
  }

  /** Calls still open when the connection ends: a raw stream ends normally; an unanswered request failed. */
  private closeOpenCalls(reason: string | undefined): void {
    const now = Date.now();
    const open = [...(this.upgraded ? [this.upgraded] : []), ...this.queue.splice(0)];
    this.upgraded = undefined;
    for (const exchange of open) {
      const record = exchange.record;
      if (!record || record.state !== 'open') continue;
      record.durationMs = now - exchange.startedAt;
      const unanswered = record.status === undefined;
      record.state = unanswered && !this.clientEnded ? 'failed' : 'done';
      if (record.state === 'failed') record.error = reason ?? 'The connection closed before the engine answered.';
      this.activity.changed(record);
    }
  }
}
