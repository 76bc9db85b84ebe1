import { z } from 'zod';

/** Engine labels as the user types them: bounded keys and values, at most 64 pairs. */
export const labelsSchema = z
  .record(z.string().min(1).max(256), z.string().max(4096))
  .refine((labels) => Object.keys(labels).length <= 64, 'At most 64 labels.');

/** Volume and network names as the engine accepts them. */
export const engineObjectNameSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'Use letters, digits, "_", "." or "-", starting with a letter or digit.');

/** A container, network or image id (full or short) or name. */
export const engineRefSchema = z.string().min(1).max(256);
