/**
 * The reason the engine cannot be reached, as one sentence of its own: the connection's prefix ("The container
 * engine cannot be reached: …") is dropped because the banner already says so, the first letter is raised, and
 * exactly one full stop ends it.
 */
export function unreachableReason(error: string | undefined): string {
  const reason = (error ?? '').replace(/^The container engine cannot be reached[:.]?\s*/i, '').trim().replace(/\.+$/, '');
  if (!reason) return '';
  return `${reason[0]!.toUpperCase()}${reason.slice(1)}.`;
}
