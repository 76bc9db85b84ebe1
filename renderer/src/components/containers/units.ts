const MEMORY_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** Parses a memory size the way `docker run --memory` does: `512m`, `1.5g`, `1048576` (binary units). */
export function parseMemory(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([bkmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (!match) return undefined;
  const bytes = Number(match[1]) * MEMORY_UNITS[match[2]!.toLowerCase()]!;
  return Number.isFinite(bytes) ? Math.round(bytes) : undefined;
}

/** The shortest `docker run --memory` spelling of a byte count. */
export function formatMemoryFlag(bytes: number): string {
  for (const [unit, size] of [['g', 1024 ** 3], ['m', 1024 ** 2], ['k', 1024]] as const) {
    if (bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}
