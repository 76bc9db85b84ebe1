/**
 * Docker image references (`name`, `name:tag`, `name@digest`, `host:port/ns/name:tag`), following the grammar of
 * distribution/reference so a bad reference is refused before anything is sent to the engine.
 */
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const TAG_ONLY = new RegExp(`^${TAG}$`);
const REPOSITORY_ONLY = new RegExp(`^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*$`);
const PATH_ONLY = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);

export const DOCKER_HUB_HOST = 'docker.io';
const MAX_NAME_LENGTH = 255;

export interface ImageReference {
  /** Registry host (with port), `docker.io` for Docker Hub. */
  registry: string;
  /** Repository path inside the registry, e.g. `library/nginx` on Hub or `team/app` elsewhere. */
  repository: string;
  tag?: string;
  digest?: string;
  /** The reference as the engine expects it: always with a tag or a digest (`:latest` when neither was given). */
  canonical: string;
}

/** A first path component is a registry host when it has a dot or a port, or is `localhost` (as docker decides). */
function isRegistryHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost' || component.startsWith('[');
}

/** Parses a reference, or returns a sentence saying what is wrong with it. */
export function parseImageReference(input: string): ImageReference | { error: string } {
  const text = input.trim();
  if (!text) return { error: 'Enter an image reference, such as nginx, nginx:1.27 or registry.example.com:5000/team/app:1.0.' };
  const match = REFERENCE.exec(text);
  if (!match) {
    if (/[A-Z]/.test(text.split(/[:@]/)[0]!.split('/').slice(-1)[0] ?? '')) return { error: `"${text}" is not valid: repository names must be lowercase.` };
    return { error: `"${text}" is not a valid image reference. Use name, name:tag, name@sha256:<digest> or host:port/namespace/name:tag.` };
  }
  const [, name, tag, digest] = match as unknown as [string, string, string | undefined, string | undefined];
  if (name.length > MAX_NAME_LENGTH) return { error: `The repository name is longer than ${MAX_NAME_LENGTH} characters.` };
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  let registry = DOCKER_HUB_HOST;
  let repository = name;
  if (first && isRegistryHost(first)) {
    registry = first === 'index.docker.io' || first === 'registry-1.docker.io' ? DOCKER_HUB_HOST : first;
    repository = name.slice(slash + 1);
  }
  if (registry === DOCKER_HUB_HOST && !repository.includes('/')) repository = `library/${repository}`;
  const canonical = digest ? `${name}${tag ? `:${tag}` : ''}@${digest}` : `${name}:${tag ?? 'latest'}`;
  return { registry, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}), canonical };
}

export function isValidTag(tag: string): boolean {
  return TAG_ONLY.test(tag);
}

export function isValidRepository(repository: string): boolean {
  return REPOSITORY_ONLY.test(repository) && repository.length <= MAX_NAME_LENGTH;
}

/** A repository's path inside its registry (`team/app`), without a registry host. */
export function isValidRepositoryPath(path: string): boolean {
  return PATH_ONLY.test(path) && path.length <= MAX_NAME_LENGTH;
}

/** The name to pull `repository` from a registry by (without tag): Hub's host and `library/` prefix are implicit. */
export function repositoryPullName(registry: string, repository: string): string {
  return registry === DOCKER_HUB_HOST ? repository.replace(/^library\//, '') : `${registry}/${repository}`;
}

/** The full reference of one tag (or `sha256:` digest) of a repository. */
export function pullName(registry: string, repository: string, tagOrDigest: string): string {
  return `${repositoryPullName(registry, repository)}${tagOrDigest.includes(':') ? '@' : ':'}${tagOrDigest}`;
}

/** Splits `repository:tag` (the tag is after the last `:` that follows the last `/`, so a registry port is kept). */
export function splitTag(name: string): { repository: string; tag?: string } {
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) return { repository: name.slice(0, colon), tag: name.slice(colon + 1) };
  return { repository: name };
}
