/**
 * Sentences for engine refusals that the renderer also recognises, so it can show them at the field they are
 * about. One place writes and reads each.
 */

export function nameTakenMessage(name: string, holder: string | undefined): string {
  const who = holder && holder !== name ? `another container ("${holder}")` : 'another container';
  return `The name "${name}" is already in use by ${who}. Pick another name, or rename or remove that container first.`;
}

export function isNameTaken(message: string | undefined): boolean {
  return Boolean(message && /^The name ".*" is already in use by another container/.test(message));
}
