/**
 * Log times as two numbers, Unix seconds and nanoseconds: a double cannot hold nanoseconds since 1970 exactly, and a
 * string per line (what the engine sends) costs an allocation and a parse for each of a million lines. Engine
 * timestamps are parsed straight from the bytes they arrive in.
 */
export interface LogTime {
  seconds: number;
  nanos: number;
}

const ZERO = 0x30;
const DASH = 0x2d;
const COLON = 0x3a;
const DOT = 0x2e;
const PLUS = 0x2b;
const LETTER_T = 0x54;
const LETTER_Z = 0x5a;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The value of `count` decimal digits at `at`, or -1 if any is not a digit. */
function digits(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = bytes[i]! - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/**
 * Parses an RFC 3339 time from `bytes[start, end)` into `out`; returns false (leaving `out` alone) if it is not one.
 * `engine` asks for the form the engine sends, with seconds and a zone; otherwise seconds and the zone may be left
 * out (a time without a zone is UTC), as `<input type=datetime-local>` gives them.
 */
export function parseTimeBytes(bytes: Uint8Array, start: number, end: number, out: LogTime, engine: boolean): boolean {
  const length = end - start;
  if (length < 16 || bytes[start + 4] !== DASH || bytes[start + 7] !== DASH || bytes[start + 10] !== LETTER_T || bytes[start + 13] !== COLON) return false;
  const year = digits(bytes, start, 4);
  const month = digits(bytes, start + 5, 2);
  const day = digits(bytes, start + 8, 2);
  const hour = digits(bytes, start + 11, 2);
  const minute = digits(bytes, start + 14, 2);
  let at = start + 16;
  let second = 0;
  let nanos = 0;
  if (at < end && bytes[at] === COLON) {
    if (at + 3 > end) return false;
    second = digits(bytes, at + 1, 2);
    if (second < 0) return false;
    at += 3;
    if (at < end && bytes[at] === DOT) {
      let fractionDigits = 0;
      at++;
      while (at < end && bytes[at]! >= ZERO && bytes[at]! <= ZERO + 9 && fractionDigits < 9) {
        nanos = nanos * 10 + bytes[at]! - ZERO;
        fractionDigits++;
        at++;
      }
      if (fractionDigits === 0) return false;
      for (let i = fractionDigits; i < 9; i++) nanos *= 10;
    }
  } else if (engine) return false;
  let offsetMinutes = 0;
  if (at < end && bytes[at] === LETTER_Z) at++;
  else if (at + 6 <= end && (bytes[at] === PLUS || bytes[at] === DASH) && bytes[at + 3] === COLON) {
    const offsetHours = digits(bytes, at + 1, 2);
    const offsetMins = digits(bytes, at + 4, 2);
    if (offsetHours < 0 || offsetMins < 0) return false;
    offsetMinutes = (bytes[at] === PLUS ? 1 : -1) * (offsetHours * 60 + offsetMins);
    at += 6;
  } else if (engine) return false;
  if (at !== end || year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second > 59) return false;
  if (day > DAYS_IN_MONTH[month - 1]! || (month === 2 && day === 29 && !isLeapYear(year))) return false;
  out.seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + (minute - offsetMinutes) * 60 + second;
  out.nanos = nanos;
  return true;
}

/** An RFC 3339 time (seconds and zone optional), or undefined if `text` is not one. */
export function parseTime(text: string): LogTime | undefined {
  // Latin-1 bytes keep only each character's low byte, so anything beyond ASCII could pass for a digit.
  if (!/^[\x21-\x7e]*$/.test(text)) return undefined;
  const time = { seconds: 0, nanos: 0 };
  return parseTimeBytes(Buffer.from(text, 'latin1'), 0, text.length, time, false) ? time : undefined;
}

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function compareTimes(a: LogTime, b: LogTime): number {
  return a.seconds - b.seconds || a.nanos - b.nanos;
}

/** A time as the Engine API's `since`/`until` want it: `<unix seconds>.<nanoseconds>`, keeping every digit. */
export function toEngineTime(time: LogTime): string {
  return `${time.seconds}.${String(time.nanos).padStart(9, '0')}`;
}

/** The time of a `Date.now()` reading. */
export function timeFromMillis(millis: number): LogTime {
  const seconds = Math.floor(millis / 1000);
  return { seconds, nanos: (millis - seconds * 1000) * 1e6 };
}
