import { z } from 'zod';
import { call } from './define';

export interface VolumeSummary {
  name: string;
  driver: string;
  mountpoint: string;
  scope: string;
  createdAt?: string;
  labels: Record<string, string>;
}

export const volumesContract = {
  'volumes.list': call(z.object({}).strict()).returns<VolumeSummary[]>(),
};
