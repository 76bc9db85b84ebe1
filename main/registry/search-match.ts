/**
 * Filters repository names by a search term (case-insensitive substring) and orders them as a person expects:
 * exact name first, then names whose last component starts with the term, then any match, each alphabetically.
 */
export function rankMatches(repositories: string[], term: string): string[] {
  const needle = term.trim().toLowerCase();
  if (!needle) return [...repositories].sort();
  const rank = (repository: string): number => {
    const name = repository.slice(repository.lastIndexOf('/') + 1);
    if (repository === needle || name === needle) return 0;
    if (name.startsWith(needle) || repository.startsWith(needle)) return 1;
    return 2;
  };
  return repositories
    .filter((repository) => repository.toLowerCase().includes(needle))
    .map((repository) => ({ repository, rank: rank(repository) }))
    .sort((a, b) => a.rank - b.rank || a.repository.localeCompare(b.repository))
    .map((entry) => entry.repository);
}
