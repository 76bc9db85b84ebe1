import { z } from 'zod';
import { validateIpam } from '../network-address';
import { call } from './define';
import { engineObjectNameSchema, engineRefSchema, labelsSchema } from './resource-fields';

export interface NetworkSubnet {
  subnet?: string;
  gateway?: string;
  ipRange?: string;
}

export interface NetworkSummary {
  id: string;
  name: string;
  driver: string;
  scope: string;
  internal: boolean;
  attachable: boolean;
  subnets: NetworkSubnet[];
  /** bridge, host and none: created by the engine and not removable. */
  system: boolean;
  created: string;
  /** Names of the containers (running or not) attached to it. */
  containers: string[];
  labels: Record<string, string>;
}

export interface NetworkEndpoint {
  containerId: string;
  containerName: string;
  ipv4?: string;
  ipv6?: string;
  mac?: string;
  aliases: string[];
  running: boolean;
}

export interface NetworkDetails extends NetworkSummary {
  enableIPv6: boolean;
  options: Record<string, string>;
  endpoints: NetworkEndpoint[];
}

export const NETWORK_DRIVERS = ['bridge', 'macvlan', 'ipvlan', 'overlay'] as const;

const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((text) => text.trim() || undefined)
    .optional();

export const createNetworkSchema = z
  .object({
    name: engineObjectNameSchema,
    driver: z.enum(NETWORK_DRIVERS).default('bridge'),
    subnet: optionalText(64),
    gateway: optionalText(64),
    ipRange: optionalText(64),
    internal: z.boolean().default(false),
    attachable: z.boolean().default(false),
    enableIPv6: z.boolean().default(false),
    /** macvlan/ipvlan: the host interface to attach to. */
    parent: optionalText(64),
    labels: labelsSchema.default({}),
  })
  .strict()
  .superRefine((input, context) => {
    for (const [field, message] of Object.entries(validateIpam(input))) context.addIssue({ code: 'custom', path: [field], message });
  });

export const networksContract = {
  'networks.list': call(z.object({}).strict()).returns<NetworkSummary[]>(),
  'networks.inspect': call(z.object({ id: engineRefSchema }).strict()).returns<NetworkDetails>(),
  /** Raw engine JSON for the inspect view. */
  'networks.inspectRaw': call(z.object({ id: engineRefSchema }).strict()).returns<unknown>(),
  /** Drivers the engine can create networks with right now (overlay only inside a swarm). */
  'networks.drivers': call(z.object({}).strict()).returns<string[]>(),
  'networks.create': call(createNetworkSchema).returns<{ id: string; warning?: string }>(),
  /** Refused for system networks and while containers are connected, naming them. */
  'networks.remove': call(z.object({ id: engineRefSchema }).strict()).returns<void>(),
  'networks.connect': call(
    z
      .object({
        id: engineRefSchema,
        container: engineRefSchema,
        aliases: z.array(z.string().min(1).max(253)).max(16).default([]),
        ipv4Address: optionalText(64),
      })
      .strict(),
  ).returns<void>(),
  'networks.disconnect': call(z.object({ id: engineRefSchema, container: engineRefSchema, force: z.boolean().default(false) }).strict()).returns<void>(),
};
