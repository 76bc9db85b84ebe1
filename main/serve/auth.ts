import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const LOOPBACK_HOSTNAMES = ['127.0.0.1', 'localhost', '[::1]'];

export function createToken(): string {
  return randomBytes(24).toString('base64url');
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Constant time in the token's content and length: both sides are hashed to 32 bytes first, so neither an early
 * exit on a length mismatch nor `timingSafeEqual`'s equal-length rule tells a guesser anything.
 */
export function tokensMatch(given: string | undefined | null, expected: string): boolean {
  const match = timingSafeEqual(digest(given ?? ''), digest(expected));
  return match && !!given;
}

export interface ThrottleOptions {
  /** The delay after the first failure; it doubles with each further one. */
  baseMs: number;
  maxMs: number;
  /** An address with no failure for this long starts afresh. */
  forgetMs: number;
  /** Addresses remembered at most (the oldest is forgotten first). */
  maxAddresses: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { baseMs: 200, maxMs: 10_000, forgetMs: 15 * 60_000, maxAddresses: 1024 };

/**
 * Failed token attempts, per client address: after the n-th failure, every request from that address is held
 * `baseMs * 2^(n-1)` (capped) before it is judged, so guesses cannot run in parallel or fast. A correct token, once
 * its turn comes, is served and clears the address.
 */
export class AuthThrottle {
  private readonly entries = new Map<string, { failures: number; until: number; last: number }>();

  constructor(private readonly options: ThrottleOptions = DEFAULT_THROTTLE) {}

  /** How long a request from `address` must wait before it is judged (0: at once). */
  delayFor(address: string, now = Date.now()): number {
    const entry = this.entries.get(address);
    if (!entry) return 0;
    if (now - entry.last > this.options.forgetMs) {
      this.entries.delete(address);
      return 0;
    }
    return Math.max(0, entry.until - now);
  }

  /** Resolves when a request from `address` may be judged; waits again if failures came in meanwhile. */
  async wait(address: string): Promise<void> {
    for (let ms = this.delayFor(address); ms > 0; ms = this.delayFor(address)) {
      await new Promise((resolve) => setTimeout(resolve, ms).unref());
    }
  }

  failed(address: string, now = Date.now()): void {
    const entry = this.entries.get(address) ?? { failures: 0, until: 0, last: now };
    entry.failures++;
    entry.last = now;
    entry.until = now + Math.min(this.options.baseMs * 2 ** (entry.failures - 1), this.options.maxMs);
    this.entries.delete(address); // re-insert: the map's order is the eviction order
    this.entries.set(address, entry);
    if (this.entries.size > this.options.maxAddresses) this.entries.delete(this.entries.keys().next().value!);
  }

  succeeded(address: string): void {
    this.entries.delete(address);
  }
}

export function cookieName(port: number): string {
  // Cookies ignore the port: a per-port name keeps two Berth servers on one machine apart.
  return `berth_token_${port}`;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export interface AccessPolicy {
  token: string;
  port: number;
  /** Hostnames (no port) the server may be addressed by; loopback names unless remote access was allowed. */
  allowedHostnames: string[];
}

export type AccessDecision =
  | { allowed: true; tokenFromQuery: boolean }
  | { allowed: false; status: 401 | 403; reason: string };

/**
 * The browser-mode gate. `Host` and `Origin` checks stop DNS rebinding and cross-site pages driving the API;
 * the token (from the URL once, then a same-site cookie) stops other local users and processes.
 */
export function checkAccess(request: IncomingMessage, policy: AccessPolicy, requireOrigin: boolean): AccessDecision {
  const allowedHosts = new Set(policy.allowedHostnames.map((name) => `${name}:${policy.port}`.toLowerCase()));
  const host = (request.headers.host ?? '').toLowerCase();
  if (!allowedHosts.has(host)) return { allowed: false, status: 403, reason: 'Host not allowed' };

  const origin = request.headers.origin;
  if (origin !== undefined || requireOrigin) {
    let originHost = '';
    try {
      const url = new URL(origin ?? '');
      originHost = url.protocol === 'http:' ? url.host.toLowerCase() : '';
    } catch {
      originHost = '';
    }
    if (!allowedHosts.has(originHost)) return { allowed: false, status: 403, reason: 'Origin not allowed' };
  }

  const url = new URL(request.url ?? '/', 'http://placeholder');
  const fromQuery = url.searchParams.get('token');
  if (tokensMatch(fromQuery, policy.token)) return { allowed: true, tokenFromQuery: true };
  const authorization = request.headers.authorization;
  const bearer = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
  const fromCookie = readCookie(request.headers.cookie, cookieName(policy.port));
  if (tokensMatch(bearer, policy.token) || tokensMatch(fromCookie, policy.token)) return { allowed: true, tokenFromQuery: false };
  return { allowed: false, status: 401, reason: 'A valid token is required: open the URL Berth printed when it started.' };
}
