import { describe, expect, it } from 'vitest';
import { opensRow, ROW_CONTROLS } from './row-click';

/** An element that is (or sits inside) a control when `insideControl`; closest() answers as the DOM's would. */
function element(insideControl: boolean) {
  const asked: string[] = [];
  return {
    asked,
    closest: (selector: string) => {
      asked.push(selector);
      return insideControl ? {} : null;
    },
  } as unknown as EventTarget & { asked: string[] };
}

describe('opensRow', () => {
  it('opens the row for a click on its plain content', () => {
    const cell = element(false);
    expect(opensRow(cell, '')).toBe(true);
    expect(cell.asked).toEqual([ROW_CONTROLS]);
  });

  it('leaves a click on a control (a link, a button, the ⋮ menu) to the control', () => {
    expect(opensRow(element(true), '')).toBe(false);
    for (const control of ['a', 'button', 'input', '[role=menu]', '[role=menuitem]']) expect(ROW_CONTROLS.split(', ')).toContain(control);
  });

  it('does not open the row while the user selects text in it', () => {
    expect(opensRow(element(false), 'e2e-volume-name')).toBe(false);
  });

  it('opens the row when the click has no element target', () => {
    expect(opensRow(null, '')).toBe(true);
  });
});
