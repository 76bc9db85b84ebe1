import { buttonClass, inputClass } from '../Modal';

/** A row action button: the standard button, smaller, so tables with several actions still fit. */
export const smallButtonClass = buttonClass.replace('px-3 py-1.5 text-sm', 'px-2 py-1 text-xs');

/** The standard input style sized to its content, for selects inside toolbars. */
export const inlineSelectClass = inputClass.replace('w-full', 'w-auto');
