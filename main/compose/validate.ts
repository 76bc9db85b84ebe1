import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { load, YAMLException } from 'js-yaml';
import type { ComposeDiagnostic } from '../../common/contract/compose';
import composeSpec from './compose-spec.json';
import { lineColumn, positionFor, yamlPositions, type PositionMap } from './yaml-positions';

let validator: ValidateFunction | undefined;

/** The Compose Specification schema (`compose-spec.json`, see `compose-spec.SOURCE.md`), compiled once. */
function specValidator(): ValidateFunction {
  // The schema names draft-07 by an https URL ajv does not know; it is draft-07, which ajv speaks by default.
  validator ??= new Ajv({ allErrors: true, strict: false, validateSchema: false }).compile(composeSpec);
  return validator;
}

function diagnostic(source: string, from: number, to: number, message: string, origin: ComposeDiagnostic['source'], severity: ComposeDiagnostic['severity'] = 'error'): ComposeDiagnostic {
  const safeFrom = Math.max(0, Math.min(from, source.length));
  const safeTo = Math.max(safeFrom, Math.min(to, source.length));
  return { ...lineColumn(source, safeFrom), from: safeFrom, to: safeTo, message, severity, source: origin };
}

/** `/services/web/ports/0` → `services.web.ports[0]`, as Compose itself names places. */
export function displayPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((out, segment) => (/^\d+$/.test(segment) ? `${out}[${segment}]` : out ? `${out}.${segment}` : segment), '');
}

export type ParsedCompose = { ok: true; value: unknown; positions: PositionMap } | { ok: false; diagnostic: ComposeDiagnostic };

/** Parses the text as YAML; a syntax error becomes a diagnostic at js-yaml's mark. */
export function parseCompose(source: string): ParsedCompose {
  try {
    const value = load(source);
    if (value === null || value === undefined) return { ok: false, diagnostic: diagnostic(source, 0, 0, 'The file is empty: a compose file needs at least a "services" section.', 'yaml') };
    return { ok: true, value, positions: yamlPositions(source) };
  } catch (err) {
    if (err instanceof YAMLException) {
      const at = err.mark?.position ?? 0;
      const lineEnd = source.indexOf('\n', at);
      return { ok: false, diagnostic: diagnostic(source, at, lineEnd === -1 ? source.length : Math.max(lineEnd, at + 1), `YAML: ${err.reason}`, 'yaml') };
    }
    throw err;
  }
}

function describe(error: ErrorObject): string {
  const where = displayPath(error.instancePath) || 'the file';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `Unknown key "${String(params.additionalProperty)}" in ${where}.`;
    case 'required':
      return `${where} needs "${String(params.missingProperty)}".`;
    case 'type':
      return `${where} must be ${String(params.type).replace(/,/g, ' or ')}.`;
    case 'enum':
      return `${where} must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}.`;
    case 'oneOf':
    case 'anyOf':
      return `${where} does not match any form Compose accepts here.`;
    default:
      return `${where} ${error.message ?? 'is not valid'}.`;
  }
}

/**
 * Ajv reports every failed branch of a `oneOf`: keep the most specific errors, merge "must be X" alternatives for
 * one place into one message, and drop a `oneOf`/`anyOf` summary when something deeper explains it.
 */
export function simplifyErrors(errors: ErrorObject[]): ErrorObject[] {
  const specific = errors.filter(
    (error) =>
      !['oneOf', 'anyOf', 'if', 'not'].includes(error.keyword) ||
      !errors.some((other) => other !== error && !['oneOf', 'anyOf', 'if', 'not'].includes(other.keyword) && other.instancePath.startsWith(error.instancePath)),
  );
  // Where a deeper path failed, type mismatches of other branches at the parent are noise.
  const kept = specific.filter(
    (error) => error.keyword !== 'type' || !specific.some((other) => other.instancePath.startsWith(`${error.instancePath}/`)),
  );
  const merged: ErrorObject[] = [];
  for (const error of kept) {
    const same = merged.find((other) => other.keyword === 'type' && error.keyword === 'type' && other.instancePath === error.instancePath);
    if (same) {
      const types = new Set(`${String(same.params.type)},${String(error.params.type)}`.split(','));
      same.params = { ...same.params, type: [...types].join(',') };
    } else if (!merged.some((other) => other.instancePath === error.instancePath && describe(other) === describe(error))) {
      merged.push({ ...error, params: { ...error.params } });
    }
  }
  return merged;
}

/** Checks a parsed file against the Compose Specification, each error placed on its key (or value) in the text. */
export function schemaDiagnostics(source: string, value: unknown, positions: PositionMap): ComposeDiagnostic[] {
  const validate = specValidator();
  if (validate(value)) return [];
  return simplifyErrors(validate.errors ?? [])
    .slice(0, 50)
    .map((error) => {
      const unknownKey = error.keyword === 'additionalProperties' ? `${error.instancePath}/${String(error.params.additionalProperty).replace(/~/g, '~0').replace(/\//g, '~1')}` : undefined;
      const place = positionFor(positions, unknownKey ?? error.instancePath);
      const from = place.keyFrom ?? place.valueFrom;
      const to = place.keyFrom !== undefined ? (place.keyTo ?? from + 1) : place.valueTo;
      return diagnostic(source, from, Math.max(to, from + 1), describe(error), 'schema');
    });
}

/** Parses and checks against the schema: the part of validation that needs no Compose CLI. */
export function validateComposeText(source: string): { diagnostics: ComposeDiagnostic[]; parsed?: { value: unknown; positions: PositionMap } } {
  const parsed = parseCompose(source);
  if (!parsed.ok) return { diagnostics: [parsed.diagnostic] };
  return { diagnostics: schemaDiagnostics(source, parsed.value, parsed.positions), parsed };
}

const SECTIONS = ['services', 'networks', 'volumes', 'configs', 'secrets'];

/** The deepest path named in a Compose message (`services.web.ports`, `service "web"`, `option: 'foo'`) that is in the text. */
export function pathInMessage(message: string, positions: PositionMap): string | undefined {
  const candidates: string[][] = [];
  const dotted = new RegExp(`\\b(${SECTIONS.join('|')})\\.([A-Za-z0-9_.\\-]+)`, 'g');
  for (const match of message.matchAll(dotted)) candidates.push([match[1]!, ...match[2]!.replace(/\.$/, '').split('.')]);
  const service = /\bservice "?([A-Za-z0-9_.-]+)"?/i.exec(message);
  if (service) candidates.push(['services', service[1]!]);
  const topLevel = /top-level (?:property|key) "?'?([A-Za-z0-9_.-]+)/i.exec(message);
  if (topLevel) candidates.push([topLevel[1]!]);
  const option = /(?:unsupported option:?|Additional property)\s*'?([A-Za-z0-9_.-]+)'?/.exec(message);
  let best: string | undefined;
  for (const segments of candidates) {
    if (option) segments.push(option[1]!);
    for (let length = segments.length; length > 0; length--) {
      const path = `/${segments.slice(0, length).join('/')}`;
      if (positions.has(path)) {
        if (!best || path.length > best.length) best = path;
        break;
      }
    }
  }
  return best;
}

/**
 * Turns `compose config -q` output into diagnostics: each meaningful line placed at the path it names, warnings
 * about unset variables at the variable's first use.
 */
export function composeOutputDiagnostics(output: string, source: string, positions: PositionMap, failed: boolean): ComposeDiagnostic[] {
  const lines = output
    .split('\n')
    .map((line) => line.replace(/\x1b\[[0-9;]*m/g, '').trim())
    .filter(Boolean);
  const result: ComposeDiagnostic[] = [];
  for (const raw of lines) {
    const warning = /^(WARNING:|WARN\[\d+\]|level=warning)/i.test(raw);
    const line = raw.replace(/^(ERROR:|WARNING:|WARN\[\d+\]|level=(?:warning|error) msg=)\s*/i, '').replace(/^"|"$/g, '');
    if (!warning && !failed) continue;
    // v1's header and its generic advice about file versions say nothing about this file.
    if (/is invalid because:$|^You might be seeing this error because|^For more on the Compose file format/.test(line)) continue;
    const variable = /The "?([A-Za-z_][A-Za-z0-9_]*)"? variable is not set/.exec(line);
    if (variable) {
      const use = new RegExp(`\\$\\{?${variable[1]}\\b`).exec(source);
      const from = use?.index ?? 0;
      result.push(diagnostic(source, from, from + (use?.[0].length ?? 1), line, 'compose', 'warning'));
      continue;
    }
    const path = pathInMessage(line, positions);
    const place = positionFor(positions, path ?? '');
    const from = path ? (place.keyFrom ?? place.valueFrom) : 0;
    const to = path ? (place.keyTo ?? place.valueTo) : 0;
    result.push(diagnostic(source, from, Math.max(to, from + 1), line, 'compose', warning ? 'warning' : 'error'));
  }
  return result;
}
