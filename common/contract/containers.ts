import { z } from 'zod';
import { call } from './define';

export interface PortBinding {
  /** Host address the port is published on; absent when the port is only exposed. */
  ip?: string;
  privatePort: number;
  publicPort?: number;
  protocol: 'tcp' | 'udp' | 'sctp';
}

export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  imageId: string;
  command: string;
  /** created, running, paused, restarting, removing, exited or dead. */
  state: string;
  /** The engine's human status line, e.g. `Up 3 minutes`. */
  status: string;
  ports: PortBinding[];
  labels: Record<string, string>;
  /** Epoch seconds. */
  created: number;
  networks: Record<string, { ipAddress: string }>;
}

export const containerIdSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'a container id or name');

export const containersContract = {
  'containers.list': call(
    z
      .object({
        /** Only these containers (by id or name); used to patch single rows after an event. */
        ids: z.array(containerIdSchema).max(1000).optional(),
      })
      .strict(),
  ).returns<ContainerSummary[]>(),
};
