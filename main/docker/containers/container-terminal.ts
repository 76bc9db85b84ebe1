import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { ApiError } from '../../../common/errors';
import type { TerminalEvent } from '../../../common/contract/containers';
import { EngineService } from '../engine-service';
import { hangUpExec } from './exec-hangup';
import { toApiError } from '../../api/errors';

interface Session {
  socket: Duplex;
  resize(cols: number, rows: number): Promise<unknown>;
}

type Cleanup = () => Promise<void>;

export interface TerminalSize {
  cols: number;
  rows: number;
}

export interface OpenedTerminal {
  sessionId: string;
  /** Closes the engine socket; the process itself is left to the engine (a shell exits on hang-up). */
  close(): void;
}

type Emit = (event: TerminalEvent) => void;

/** Why a session's socket closed when the engine cannot say how the command ended: usually the engine is gone. */
function sessionLost(err: unknown): ApiError {
  const cause = toApiError(err);
  if (cause.code === 'not-found') return new ApiError('not-found', 'The container is gone, so the terminal session ended.');
  if (cause.code === 'engine-unreachable') {
    return new ApiError('engine-unreachable', 'The terminal session ended because the container engine stopped answering. Open a new one once the engine is back.');
  }
  return new ApiError(cause.code, `The terminal session ended, and the engine could not say how: ${cause.message}`);
}

/**
 * Interactive sessions (exec or attach) over the engine's hijacked sockets: output flows out through `emit`,
 * input and resizes come back by session id. Each session owns its socket and is forgotten when it closes.
 */
export class TerminalSessions extends EngineService {
  private readonly sessions = new Map<string, Session>();

  /** `onEnd` gets an error when the session ended because the engine went away (not because the command exited). */
  async exec(id: string, options: { cmd: string[]; user: string } & TerminalSize, emit: Emit, onEnd: (error?: ApiError) => void): Promise<OpenedTerminal> {
    const container = this.docker.getContainer(id);
    const info = await container.inspect();
    if (!info.State.Running) throw new ApiError('conflict', `"${info.Name.replace(/^\//, '')}" is not running, so nothing can be run in it. Start it first.`);
    if (info.State.Paused) throw new ApiError('conflict', `"${info.Name.replace(/^\//, '')}" is paused. Unpause it to open a terminal.`);
    const exec = await container.exec({
      Cmd: options.cmd,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      ...(options.user ? { User: options.user } : {}),
      Env: ['TERM=xterm-256color'],
    });
    const socket = (await exec.start({ hijack: true, stdin: true, Tty: true } as Docker.ExecStartOptions)) as unknown as Duplex;
    const opened = this.register(
      socket,
      (cols, rows) => exec.resize({ h: rows, w: cols }),
      emit,
      async () => {
        let lost: ApiError | undefined;
        const result = await exec.inspect().catch((err: unknown) => void (lost = sessionLost(err)));
        if (lost) return onEnd(lost);
        emit({ type: 'exit', exitCode: result?.ExitCode ?? null });
        onEnd();
      },
      () => hangUpExec(container, info.Id, exec, options.user),
    );
    await this.resize(opened.sessionId, options.cols, options.rows).catch(() => undefined);
    return opened;
  }

  async attach(id: string, size: TerminalSize, emit: Emit, onEnd: (error?: ApiError) => void): Promise<OpenedTerminal> {
    const container = this.docker.getContainer(id);
    const info = await container.inspect();
    const name = info.Name.replace(/^\//, '');
    if (!info.Config.Tty) {
      throw new ApiError('conflict', `"${name}" was not started with a TTY (docker run -t), so its main process has no terminal to attach to. Use exec instead.`);
    }
    if (!info.State.Running) throw new ApiError('conflict', `"${name}" is not running. Start it first.`);
    const socket = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true } as Docker.ContainerAttachOptions)) as unknown as Duplex;
    const opened = this.register(socket, (cols, rows) => container.resize({ h: rows, w: cols }), emit, async () => {
      let lost: ApiError | undefined;
      const result = await container.inspect().catch((err: unknown) => void (lost = sessionLost(err)));
      if (lost) return onEnd(lost);
      emit({ type: 'exit', exitCode: result && !result.State.Running ? result.State.ExitCode : null });
      onEnd();
    });
    await this.resize(opened.sessionId, size.cols, size.rows).catch(() => undefined);
    return opened;
  }

  write(sessionId: string, data: string): void {
    const session = this.require(sessionId);
    session.socket.write(data);
  }

  async resize(sessionId: string, cols: number, rows: number): Promise<void> {
    await this.require(sessionId).resize(cols, rows);
  }

  /** Sessions still open, for tests and diagnostics. */
  get openSessions(): number {
    return this.sessions.size;
  }

  private require(sessionId: string): Session {
    const session = this.sessions.get(sessionId);
    if (!session) throw new ApiError('not-found', 'This terminal session has ended. Reconnect to start a new one.');
    return session;
  }

  /** `onClosed` runs when the engine ends the session; `onAbandoned` when Berth's side closes it first. */
  private register(socket: Duplex, resize: Session['resize'], emit: Emit, onClosed: Cleanup, onAbandoned?: Cleanup): OpenedTerminal {
    const sessionId = randomUUID();
    this.sessions.set(sessionId, { socket, resize });
    emit({ type: 'session', sessionId });
    let closed = false;
    const finish = () => {
      if (closed) return;
      closed = true;
      this.sessions.delete(sessionId);
      socket.destroy();
      void onClosed();
    };
    socket.on('data', (chunk: Buffer) => emit({ type: 'output', data: chunk.toString('base64') }));
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', finish);
    return {
      sessionId,
      close: () => {
        if (closed) return;
        closed = true;
        this.sessions.delete(sessionId);
        socket.destroy();
        void onAbandoned?.().catch(() => undefined);
      },
    };
  }
}
