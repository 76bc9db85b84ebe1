// Validates electron-builder.yml against electron-builder's own JSON schema, since packaging itself cannot run here.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { load as loadYaml } from 'js-yaml';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
const config = loadYaml(readFileSync('electron-builder.yml', 'utf8'));

const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
if (!validate(config)) {
  console.error('electron-builder.yml does not match the schema:', validate.errors);
  process.exit(1);
}
for (const icon of new Set([config.mac.icon, config.win.icon, config.linux.icon])) readFileSync(icon);
console.log('electron-builder.yml matches the schema');
