// Validates electron-builder.yml against electron-builder's own JSON schema, since packaging itself cannot run here,
// and checks what the schema cannot: the files it names exist, the afterPack hook exports a function, and
// electronVersion is the installed electron package's version.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import { load as loadYaml } from 'js-yaml';
import { projectRepository } from './project-repository.mjs';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
const config = loadYaml(readFileSync('electron-builder.yml', 'utf8'));
const problems = [];

const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
if (!validate(config)) problems.push(`it does not match the schema: ${JSON.stringify(validate.errors, null, 2)}`);

for (const file of [config.mac.icon, config.win.icon, config.mac.entitlements, config.mac.entitlementsInherit, config.afterPack]) {
  if (!file || !existsSync(file)) problems.push(`${file ?? '(missing entry)'} does not exist`);
}
if (!existsSync(config.linux.icon) || !statSync(config.linux.icon).isDirectory() || !existsSync(path.join(config.linux.icon, '512x512.png'))) {
  problems.push(`linux.icon ${config.linux.icon} must be a folder of NxN.png icons including 512x512.png`);
}
for (const resource of config.extraResources ?? []) if (!existsSync(resource.from)) problems.push(`extraResources ${resource.from} does not exist`);

if (config.electronFuses) problems.push('electronFuses is set: the afterPack hook flips the fuses (one place, so a test build can skip them)');
if (config.afterPack && existsSync(config.afterPack)) {
  const hook = await import(pathToFileURL(path.resolve(config.afterPack)).href);
  if (typeof hook.default !== 'function') problems.push(`${config.afterPack} must export a default function`);
}

const wanted = JSON.parse(readFileSync('package.json', 'utf8')).devDependencies?.electron;
let installed;
try {
  installed = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
} catch {
  installed = undefined;
}
if (!config.electronVersion) problems.push('electronVersion is not set (electron-builder cannot read it from a binary that may be missing)');
else if (installed && installed !== config.electronVersion) problems.push(`electronVersion ${config.electronVersion} is not the installed electron ${installed} (package.json wants ${wanted})`);

if (config.publish?.provider === 'github' && (config.publish.owner || config.publish.repo)) {
  problems.push('publish (github) names owner or repo: leave both to package.json `repository` or the origin remote, which the Help menu follows too');
}
const repository = projectRepository();

if (problems.length > 0) {
  console.error(`electron-builder.yml: ${problems.join('\n')}`);
  process.exit(1);
}
console.log('electron-builder.yml matches the schema; its icons, entitlements, afterPack hook and electronVersion check out');
console.log(
  repository
    ? `releases and Help › Berth Documentation: ${repository.webUrl}`
    : 'no repository named (package.json `repository` or an origin remote): a package built here has no docs link and cannot publish or auto-update',
);
