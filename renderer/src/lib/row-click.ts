/** What in a row is a control of its own: a click there does what the control does, not what a click on the row does. */
const CONTROLS = 'a, button, input, select, textarea, label, summary, [role=menu], [role=menuitem], [contenteditable=true]';

/**
 * Whether a click on a list row should open the row: not when it landed on a control inside the row, and not when
 * the user was selecting text in it.
 */
export function opensRow(target: EventTarget | null, selection: string): boolean {
  if (selection) return false;
  return !(target instanceof Element && target.closest(CONTROLS));
}
