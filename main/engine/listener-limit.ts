/**
 * Listeners per event above which Node prints MaxListenersExceededWarning. Every open page's event, status, log-follow
 * and stats stream holds one while it is open and lets go when it ends (see backend.lifecycle.test.ts); a few windows
 * hold a few dozen. Far past that is a leak, and the warning must say so rather than be switched off.
 */
export const ENGINE_LISTENER_LIMIT = 100;
