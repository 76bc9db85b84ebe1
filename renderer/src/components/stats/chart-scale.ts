/** Axis scales for the live charts: tidy upper bounds and evenly spaced ticks. */

const NICE_STEPS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** The smallest round number (1, 1.2, 1.5, 2, 2.5, … × 10ⁿ) at or above `value`, for a tidy top tick. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = NICE_STEPS.find((candidate) => candidate * magnitude >= value * (1 - 1e-9))!;
  // Rounded so 1.2 × 10ⁿ does not come out as 120000.00000000001.
  return Number((step * magnitude).toPrecision(12));
}

/** Evenly spaced value ticks from 0 to `top`; whole numbers only where fractions would be meaningless. */
export function valueTicks(top: number, integer: boolean): number[] {
  const divisions = integer ? ([4, 5, 3, 2, 1].find((n) => Number.isInteger(top / n)) ?? 1) : 4;
  return Array.from({ length: divisions + 1 }, (_, index) => (top * index) / divisions);
}

/** Round clock times across the window (every 15 s for a minute, every minute for five, …). */
export function timeTicks(from: number, to: number, windowMs: number): number[] {
  const every = Math.max(15_000, Math.round(windowMs / 5 / 15_000) * 15_000);
  const ticks: number[] = [];
  for (let t = Math.ceil(from / every) * every; t <= to; t += every) ticks.push(t);
  return ticks;
}
