import { z } from 'zod';
import { call, stream } from './define';

export type EngineState = 'connecting' | 'connected' | 'unreachable';

export interface EngineStatus {
  state: EngineState;
  /** Where Berth is talking to, e.g. `unix:///var/run/docker.sock`. */
  endpoint: string;
  /** Why the engine cannot be reached, when it cannot. */
  error?: string;
  /** Epoch ms of the last state change. */
  since: number;
}

export interface EngineInfo {
  name: string;
  kind: 'docker' | 'podman';
  version: string;
  apiVersion: string;
  os: string;
  osType: string;
  architecture: string;
  kernelVersion: string;
  cpus: number;
  memoryBytes: number;
  storageDriver: string;
  cgroupVersion: string;
  cgroupDriver: string;
  dataRoot: string;
  containers: { total: number; running: number; paused: number; stopped: number };
  images: number;
}

export interface EngineEvent {
  type: string;
  action: string;
  actor: { id: string; attributes: Record<string, string> };
  /** Epoch nanoseconds as reported by the engine, for ordering. */
  timeNano: number;
}

const eventTypes = z.enum(['container', 'image', 'volume', 'network', 'daemon', 'plugin', 'node', 'service', 'secret', 'config']);

export const engineContract = {
  'engine.status': stream(z.object({}).strict()).emits<EngineStatus>(),
  'engine.info': call(z.object({}).strict()).returns<EngineInfo>(),
  'engine.events': stream(z.object({ types: z.array(eventTypes).max(10).optional() }).strict()).emits<EngineEvent>(),
};
