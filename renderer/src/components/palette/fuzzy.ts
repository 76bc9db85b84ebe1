export interface FuzzyMatch {
  /** Higher is better. */
  score: number;
  /** Positions in the text that matched, for highlighting. */
  indices: number[];
}

const isWordStart = (text: string, index: number) => {
  if (index === 0) return true;
  const previous = text[index - 1]!;
  const current = text[index]!;
  return /[^A-Za-z0-9]/.test(previous) || (/[a-z]/.test(previous) && /[A-Z]/.test(current));
};

/** One left-to-right match of `query` in `text` starting from `from`, or undefined. */
function matchFrom(query: string, text: string, lower: string, from: number): FuzzyMatch | undefined {
  const indices: number[] = [];
  let score = 0;
  let at = from;
  for (const char of query) {
    const found = lower.indexOf(char, at);
    if (found < 0) return undefined;
    const previous = indices.at(-1);
    if (previous !== undefined && found === previous + 1) score += 6;
    else if (previous !== undefined) score -= Math.min(5, (found - previous - 1) * 0.5);
    if (isWordStart(text, found)) score += 8;
    score += 1;
    indices.push(found);
    at = found + 1;
  }
  if (indices[0] === 0) score += 6;
  // Shorter texts with the same match read as closer ("web" over "web-frontend-builder").
  score -= text.length * 0.05;
  return { score, indices };
}

/**
 * Whether every character of `query` appears in `text` in order (case-insensitive; spaces in the query are
 * ignored), scored so runs of consecutive characters, word starts and a match at the start rank first. Tries each
 * place the first character occurs and keeps the best, so "ng" prefers "my-nginx" over "mongo-db-ng".
 */
export function fuzzyMatch(query: string, text: string): FuzzyMatch | undefined {
  const needle = query.toLowerCase().replace(/\s+/g, '');
  if (!needle) return { score: 0, indices: [] };
  const lower = text.toLowerCase();
  let best: FuzzyMatch | undefined;
  for (let start = lower.indexOf(needle[0]!); start >= 0; start = lower.indexOf(needle[0]!, start + 1)) {
    const match = matchFrom(needle, text, lower, start);
    if (!match) break;
    if (!best || match.score > best.score) best = match;
  }
  return best;
}

/** The items that match, best first; ties keep their given order. */
export function fuzzyFilter<T>(query: string, items: readonly T[], textOf: (item: T) => string): { item: T; match: FuzzyMatch }[] {
  const matched: { item: T; match: FuzzyMatch; order: number }[] = [];
  items.forEach((item, order) => {
    const match = fuzzyMatch(query, textOf(item));
    if (match) matched.push({ item, match, order });
  });
  if (query.trim()) matched.sort((a, b) => b.match.score - a.match.score || a.order - b.order);
  return matched.map(({ item, match }) => ({ item, match }));
}
