/**
 * The engine's status line ("Up 18 seconds", "Exited (0) 8 minutes ago") is a snapshot of when it was read. To
 * tick as `docker ps` would show it, the age is read back from the text, the time since it was read is added, and
 * the age is written again the way Docker writes it (go-units HumanDuration).
 */

const STATUS = /^(Up|Exited \(-?\d+\)|Restarting \(-?\d+\)) (Less than a second|About a minute|About an hour|\d+ (?:second|minute|hour|day|week|month|year)s?)(.*)$/;

const UNIT_SECONDS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400, week: 7 * 86400, month: 30 * 86400, year: 365 * 86400 };

/** Seconds an age text stands for (its lower bound). */
export function parseHumanDuration(text: string): number | undefined {
  if (text === 'Less than a second') return 0;
  if (text === 'About a minute') return 60;
  if (text === 'About an hour') return 3600;
  const match = /^(\d+) (second|minute|hour|day|week|month|year)s?$/.exec(text);
  return match ? Number(match[1]) * UNIT_SECONDS[match[2]!]! : undefined;
}

/** Docker's wording of an age (github.com/docker/go-units HumanDuration). */
export function humanDuration(totalSeconds: number): string {
  const seconds = Math.floor(totalSeconds);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(seconds / 3600);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(seconds / 3600 / 24 / 365)} years`;
}

/** The status line as it reads `nowMs`, given it was read from the engine at `readAtMs`. Other texts stay as they are. */
export function liveStatus(status: string, readAtMs: number, nowMs: number): string {
  const match = STATUS.exec(status);
  if (!match) return status;
  const age = parseHumanDuration(match[2]!);
  if (age === undefined) return status;
  const elapsed = Math.max(0, (nowMs - readAtMs) / 1000);
  return `${match[1]} ${humanDuration(age + elapsed)}${match[3]}`;
}
