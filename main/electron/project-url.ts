/** Set by the build (scripts/build-main.mjs) from package.json's `repository` or the clone's `origin` remote. */
declare const __BERTH_PROJECT_URL__: string | undefined;

/**
 * The project's web page, from the same source electron-builder publishes releases to (so Help and the updater
 * never disagree); undefined in a build from a clone that names no repository, and in tests.
 */
export const PROJECT_URL: string | undefined = typeof __BERTH_PROJECT_URL__ === 'string' && __BERTH_PROJECT_URL__ ? __BERTH_PROJECT_URL__ : undefined;

/** Where Help › Berth Documentation leads: the project's README on its page. */
export const DOCS_URL: string | undefined = PROJECT_URL && `${PROJECT_URL}#readme`;
