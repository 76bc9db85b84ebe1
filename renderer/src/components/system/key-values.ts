/** Parses "key=value" lines (labels, driver options). Blank lines are skipped; a line without "=" is an error. */
export function parseKeyValues(text: string): { values: Record<string, string>; error?: string } {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const equals = line.indexOf('=');
    if (equals <= 0) return { values, error: `Line ${index + 1}: write key=value (got "${line}").` };
    const key = line.slice(0, equals).trim();
    if (Object.hasOwn(values, key)) return { values, error: `Line ${index + 1}: "${key}" appears twice.` };
    values[key] = line.slice(equals + 1).trim();
  }
  if (Object.keys(values).length > 64) return { values, error: 'At most 64 entries.' };
  return { values };
}
