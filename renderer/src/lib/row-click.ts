/** What in a row is a control of its own: a click there does what the control does, not what a click on the row does. */
export const ROW_CONTROLS = 'a, button, input, select, textarea, label, summary, [role=menu], [role=menuitem], [contenteditable=true]';

/**
 * Whether a click on a list row should open the row: not when it landed on a control inside the row (or inside the
 * row's ⋮ menu), and not when the user was selecting text in it.
 */
export function opensRow(target: EventTarget | null, selection: string): boolean {
  if (selection) return false;
  const element = target as Partial<Pick<Element, 'closest'>> | null;
  return !(typeof element?.closest === 'function' && element.closest(ROW_CONTROLS));
}
