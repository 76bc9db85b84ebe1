/**
 * How often each view samples. Overviews (every running container on the dashboard, the visible rows of the
 * list) sample every 5 s: the engine's cost grows with containers × rate, and a trend over minutes needs no more.
 * A container's Stats tab samples every second. A container shared by both is sampled at the faster rate.
 */
export const OVERVIEW_INTERVAL_MS = 5000;
export const DETAIL_INTERVAL_MS = 1000;
