// `npm run icons`: renders every icon Berth ships from assets/icon.svg (the app icon in PNG sizes, .icns, .ico, and
// the tray icons per engine state) with resvg (SVG -> PNG) and png2icons (PNG -> ICNS/ICO). The results are
// committed, so packaging never needs this script.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const APP_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
export const TRAY_STATES = ['running', 'starting', 'stopped', 'failed'];
/** Tray icon variants: macOS template images (alpha only; the menu bar tints them), and coloured icons for light and dark bars. */
export const TRAY_VARIANTS = ['Template', '-light', '-dark'];
/** Tray icons are 16 px, with @2x for high-density screens. */
export const TRAY_SIZES = [
  [16, ''],
  [32, '@2x'],
];

const GLYPH_ON = { Template: '#000000', '-light': '#1e293b', '-dark': '#f1f5f9' };
const BADGE = { running: '#16a34a', starting: '#d97706', failed: '#dc2626' };
const MARK_COLOUR = '#f8fafc';

/** The logo's drawing (the group with id="mark"), in the SVG's 32-unit coordinates. */
export function markOf(svg) {
  const match = /<g id="mark"[^>]*>([\s\S]*?)<\/g>/.exec(svg);
  if (!match) throw new Error('assets/icon.svg has no <g id="mark"> group for the tray icons');
  return match[1].replace(/<!--[\s\S]*?-->/g, '').trim();
}

/**
 * One tray icon as SVG: the logo's mark in one colour, and the engine state as a badge in the lower right (a dot
 * when running, a ring while starting, a dot with "!" when failed; stopped is the mark alone, faded). The badge is
 * cut out of the mark with a gap, so it reads even as a one-colour template image.
 */
export function traySvg(mark, state, variant) {
  const glyph = GLYPH_ON[variant];
  const badge = variant === 'Template' ? glyph : BADGE[state];
  const content = mark.replaceAll(MARK_COLOUR, glyph);
  const hasBadge = state !== 'stopped';
  const badgeShape = {
    running: `<circle cx="25" cy="25" r="6" fill="${badge}"/>`,
    starting: `<circle cx="25" cy="25" r="4.8" fill="none" stroke="${badge}" stroke-width="2.4"/>`,
    failed: `<g mask="url(#bang)"><circle cx="25" cy="25" r="6.5" fill="${badge}"/></g>`,
    stopped: '',
  }[state];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">
  <defs>
    <mask id="gap" maskUnits="userSpaceOnUse" x="0" y="0" width="32" height="32">
      <rect width="32" height="32" fill="#fff"/>${hasBadge ? '\n      <circle cx="25" cy="25" r="8.6" fill="#000"/>' : ''}
    </mask>
    <mask id="bang" maskUnits="userSpaceOnUse" x="0" y="0" width="32" height="32">
      <rect width="32" height="32" fill="#fff"/>
      <rect x="24" y="20.6" width="2" height="5.4" rx="1" fill="#000"/>
      <circle cx="25" cy="28.2" r="1.15" fill="#000"/>
    </mask>
  </defs>
  <g mask="url(#gap)" opacity="${state === 'stopped' ? 0.55 : 1}">
    <g transform="translate(-0.5 -3.5) scale(1.03)" fill="${glyph}">${content}</g>
  </g>
  ${badgeShape}
</svg>`;
}

export function renderPng(svg, size) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
}

/** Every file the script writes, relative to the repository, with its bytes. */
export function buildIcons(svg) {
  const files = new Map();
  for (const size of APP_ICON_SIZES) files.set(`assets/icons/${size}x${size}.png`, renderPng(svg, size));
  const master = files.get('assets/icons/1024x1024.png');
  files.set('assets/icon.png', master);
  files.set('assets/icon.icns', png2icons.createICNS(master, png2icons.BICUBIC2, 0));
  files.set('assets/icon.ico', png2icons.createICO(master, png2icons.BICUBIC2, 0, false, true));
  const mark = markOf(svg);
  for (const state of TRAY_STATES) {
    for (const variant of TRAY_VARIANTS) {
      const traySource = traySvg(mark, state, variant);
      for (const [size, suffix] of TRAY_SIZES) files.set(`assets/tray/tray-${state}${variant}${suffix}.png`, renderPng(traySource, size));
    }
  }
  return files;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const files = buildIcons(readFileSync(path.join(root, 'assets/icon.svg'), 'utf8'));
  for (const [file, bytes] of files) {
    if (!bytes) throw new Error(`could not make ${file}`);
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), bytes);
  }
  console.log(`wrote ${files.size} icons from assets/icon.svg`);
}
