import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildIcons, markOf, TRAY_STATES, TRAY_VARIANTS, traySvg } from './make-icons.mjs';

const svg = readFileSync('assets/icon.svg', 'utf8');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

describe('icons from assets/icon.svg', () => {
  it('the committed icons are exactly what npm run icons makes from the SVG (run it after changing the SVG)', () => {
    const files = buildIcons(svg);
    expect(files.size).toBe(9 + 3 + TRAY_STATES.length * TRAY_VARIANTS.length * 2);
    for (const [file, bytes] of files) expect(Buffer.compare(bytes, readFileSync(file)), file).toBe(0);
    expect(files.get('assets/icon.icns').subarray(0, 4).toString('latin1')).toBe('icns');
    expect([...files.get('assets/icon.ico').subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    expect(files.get('assets/tray/tray-runningTemplate@2x.png').subarray(0, 4)).toEqual(PNG_SIGNATURE);
    // PNG width and height sit at bytes 16-23 of the IHDR chunk.
    expect(files.get('assets/tray/tray-failed-dark.png').readUInt32BE(16)).toBe(16);
    expect(files.get('assets/icons/512x512.png').readUInt32BE(20)).toBe(512);
  });

  it('each engine state draws a different tray icon, and template images use one colour only', () => {
    const mark = markOf(svg);
    const sources = TRAY_STATES.map((state) => traySvg(mark, state, 'Template'));
    expect(new Set(sources).size).toBe(TRAY_STATES.length);
    for (const source of sources) expect(source.match(/#[0-9a-f]{6}/gi).filter((colour) => !['#000000', '#fff'].includes(colour.toLowerCase()))).toEqual([]);
    expect(traySvg(mark, 'failed', '-light')).toContain('#dc2626');
  });

  it('says so when the SVG lost the mark the tray icons are made from', () => {
    expect(() => markOf('<svg></svg>')).toThrow(/no <g id="mark">/);
  });
});
