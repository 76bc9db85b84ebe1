import type Docker from 'dockerode';

/**
 * docker-modem builds a POST's query string from the same options object it sends as the JSON body, unless the caller
 * splits them (`_query` / `_body`). dockerode's create calls do not split, so `createContainer` put every environment
 * variable, and `createSecret` the secret's value, into the request URL: where the activity log, the HAR export and
 * any proxy or engine debug log keep it. For these endpoints the engine reads the spec from the body only; the URL
 * keeps just the parameters the Engine API defines for them.
 */
const QUERY_PARAMETERS: Record<string, readonly string[]> = {
  '/containers/create': ['name', 'platform'],
  '/secrets/create': [],
  '/configs/create': [],
  '/networks/create': [],
  '/volumes/create': [],
  '/services/create': [],
  '/swarm/init': [],
  '/swarm/join': [],
  '/plugins/pull': ['remote', 'name'],
};

interface DialOptions {
  path: string;
  method: string;
  options?: Record<string, unknown> & { _query?: unknown; _body?: unknown };
}

/** The same request with the spec in the body only and the URL holding just its defined parameters. */
export function keepBodyOutOfUrl<T extends DialOptions>(dial: T): T {
  const endpoint = dial.path.replace(/\?$/, '').replace(/^\/v\d+\.\d+/, '');
  const allowed = QUERY_PARAMETERS[endpoint];
  const options = dial.options;
  if (dial.method !== 'POST' || !allowed || !options || options._query !== undefined || options._body !== undefined) return dial;
  const query = Object.fromEntries(allowed.filter((key) => options[key] !== undefined).map((key) => [key, options[key]]));
  const body = Object.fromEntries(Object.entries(options).filter(([key]) => !allowed.includes(key) && key !== 'abortSignal'));
  // docker-modem drops the `?` only when the options are empty; an empty `_query` would leave a bare `?`.
  return { ...dial, options: { _query: query, _body: body }, ...(Object.keys(query).length ? {} : { path: dial.path.replace(/\?$/, '') }) };
}

/** Routes every request of this client through `keepBodyOutOfUrl`. */
export function guardRequestUrls(docker: Docker): Docker {
  const modem = docker.modem as unknown as { dial(options: DialOptions, callback: unknown): unknown };
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => dial(keepBodyOutOfUrl(options), callback);
  return docker;
}
