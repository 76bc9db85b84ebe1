import { z } from 'zod';
import { call } from './define';

export interface ImageSummary {
  id: string;
  /** Every `repository:tag` pointing at the image; empty for a dangling image. */
  tags: string[];
  sizeBytes: number;
  /** Epoch seconds. */
  created: number;
  /** Containers using the image, or -1 when the engine did not count them. */
  containers: number;
}

export interface VolumeSummary {
  name: string;
  driver: string;
  mountpoint: string;
  scope: string;
  createdAt?: string;
  labels: Record<string, string>;
}

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

export const resourcesContract = {
  'images.list': call(z.object({}).strict()).returns<ImageSummary[]>(),
  'volumes.list': call(z.object({}).strict()).returns<VolumeSummary[]>(),
  'networks.list': call(z.object({}).strict()).returns<NetworkSummary[]>(),
};
