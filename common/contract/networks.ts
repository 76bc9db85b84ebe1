import { z } from 'zod';
import { call } from './define';

export interface NetworkSummary {
  id: string;
  name: string;
  driver: string;
  scope: string;
  internal: boolean;
  attachable: boolean;
  subnets: { subnet?: string; gateway?: string }[];
  /** bridge, host and none: created by the engine and not removable. */
  system: boolean;
  created: string;
}

export const networksContract = {
  'networks.list': call(z.object({}).strict()).returns<NetworkSummary[]>(),
};
