// Debian control-file ("deb822") parsing: the format of Packages indexes and Release files.
// A stanza is a run of "Field: value" lines, continuation lines start with a space or tab, stanzas are separated by
// blank lines. Field names are case-insensitive in Debian; we keep them as written (the archive writes them canonically).

export type Stanza = Map<string, string>;

export function parseStanzas(text: string): Stanza[] {
  const stanzas: Stanza[] = [];
  let current: Stanza | undefined;
  let lastField: string | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (current && current.size > 0) stanzas.push(current);
      current = undefined;
      lastField = undefined;
      continue;
    }
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (!current || lastField === undefined) throw new Error(`deb822: continuation line without a field: ${JSON.stringify(line)}`);
      current.set(lastField, `${current.get(lastField)}\n${line.slice(1)}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`deb822: not a field line: ${JSON.stringify(line)}`);
    current ??= new Map();
    lastField = line.slice(0, colon);
    current.set(lastField, line.slice(colon + 1).trim());
  }
  if (current && current.size > 0) stanzas.push(current);
  return stanzas;
}

/** The signed text inside an OpenPGP clear-signed message (InRelease), with dash-escaping undone. */
export function clearsignedBody(text: string): string {
  const lines = text.split('\n');
  const start = lines.indexOf('-----BEGIN PGP SIGNED MESSAGE-----');
  if (start < 0) return text;
  let i = start + 1;
  while (i < lines.length && lines[i] !== '') i++; // armor headers ("Hash: SHA512")
  const end = lines.indexOf('-----BEGIN PGP SIGNATURE-----', i);
  if (end < 0) throw new Error('InRelease: signature block missing');
  return lines
    .slice(i + 1, end)
    .map((l) => (l.startsWith('- ') ? l.slice(2) : l))
    .join('\n');
}
