import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const LOOPBACK_HOSTNAMES = ['127.0.0.1', 'localhost', '[::1]'];

export function createToken(): string {
  return randomBytes(24).toString('base64url');
}

export function tokensMatch(given: string | undefined | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
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
