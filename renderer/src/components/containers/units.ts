const MEMORY_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** Parses a memory size the way `docker run --memory` does: `512m`, `1.5g`, `1048576` (binary units). */
export function parseMemory(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([bkmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (!match) return undefined;
  const bytes = Number(match[1]) * MEMORY_UNITS[match[2]!.toLowerCase()]!;
  return Number.isFinite(bytes) ? Math.round(bytes) : undefined;
}

/**
 * A memory size for reading, in binary units as Docker counts memory, and in the largest unit that holds it
 * exactly, so what the user typed comes back as typed: 8m → "8 MiB", 1536m → "1536 MiB", 2g → "2 GiB".
 */
export function formatMemorySize(bytes: number): string {
  for (const [unit, size] of [['TiB', 1024 ** 4], ['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${bytes} B`;
}

/** The shortest `docker run --memory` spelling of a byte count. */
export function formatMemoryFlag(bytes: number): string {
  for (const [unit, size] of [['g', 1024 ** 3], ['m', 1024 ** 2], ['k', 1024]] as const) {
    if (bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}
