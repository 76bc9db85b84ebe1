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

/**
 * True when `value` has no empty, `.` or `..` path segment. Refs go into engine URL paths (`/networks/<id>`,
 * `/images/<ref>/json`); dockerd answers such paths with a 301 to the cleaned path, and docker-modem follows that
 * redirect off the unix socket to a made-up host, throwing outside any caller (an uncaught exception that ended the
 * process). Found by the router fuzz test.
 */
export function hasCleanPathSegments(value: string): boolean {
  return value.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/** A container, network or image id (full or short) or name: the characters of an image reference, nothing else. */
export const engineRefSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.:/@\-[\]]*$/, 'an id or name of letters, digits and _ . : / @ -')
  .refine(hasCleanPathSegments, 'an id or name without empty, . or .. path segments');
