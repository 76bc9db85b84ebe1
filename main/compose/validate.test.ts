import { describe, expect, it } from 'vitest';
import { composeOutputDiagnostics, displayPath, parseCompose, pathInMessage, validateComposeText } from './validate';
import { yamlPositions } from './yaml-positions';

const GOOD = `services:
  web:
    build: ./web
    ports:
      - "127.0.0.1:8080:80"
    environment:
      GREETING: hello
    networks: [front]
  worker:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "sleep 1000"]
    volumes:
      - data:/data
networks:
  front: {}
volumes:
  data: {}
`;

describe('yamlPositions', () => {
  it('places keys and values of nested mappings and sequences', () => {
    const map = yamlPositions(GOOD);
    const web = map.get('/services/web')!;
    expect(GOOD.slice(web.keyFrom, web.keyTo)).toBe('web');
    const port = map.get('/services/web/ports/0')!;
    expect(GOOD.slice(port.valueFrom, port.valueTo)).toBe('"127.0.0.1:8080:80"');
    const command = map.get('/services/worker/command/2')!;
    expect(GOOD.slice(command.valueFrom, command.valueTo)).toBe('"sleep 1000"');
    expect(GOOD.slice(map.get('/volumes/data')!.keyFrom, map.get('/volumes/data')!.keyTo)).toBe('data');
  });
});

describe('validateComposeText', () => {
  it('accepts a valid file', () => {
    expect(validateComposeText(GOOD).diagnostics).toEqual([]);
  });

  it('puts an unknown key on its own line', () => {
    const text = GOOD.replace('    command:', '    comand: x\n    command:');
    const [diagnostic, ...rest] = validateComposeText(text).diagnostics;
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({ line: 11, column: 5, source: 'schema', message: 'Unknown key "comand" in services.worker.' });
    expect(text.slice(diagnostic!.from, diagnostic!.to)).toBe('comand');
  });

  it('names the expected type at the value', () => {
    const text = GOOD.replace('networks: [front]', 'networks: 5');
    const diagnostics = validateComposeText(text).diagnostics;
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ line: 8, message: 'services.web.networks must be array or object.' });
  });

  it('reports broken YAML at the parser mark', () => {
    const text = GOOD.replace('    environment:', '   environment: : [');
    const diagnostics = validateComposeText(text).diagnostics;
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ source: 'yaml', line: 6 });
    expect(diagnostics[0]!.message).toMatch(/^YAML: /);
  });

  it('reports an empty file', () => {
    expect(parseCompose('# nothing\n')).toMatchObject({ ok: false, diagnostic: { line: 1, source: 'yaml' } });
  });
});

describe('compose output', () => {
  const positions = yamlPositions(GOOD);

  it('finds the deepest path a message names', () => {
    expect(pathInMessage("services.web.ports contains an invalid type, it should be an array", positions)).toBe('/services/web/ports');
    expect(pathInMessage("Service worker has neither an image nor a build context specified.", positions)).toBe('/services/worker');
    expect(pathInMessage("services.web contains unsupported option: 'environment'", positions)).toBe('/services/web/environment');
    expect(pathInMessage('nothing here', positions)).toBeUndefined();
  });

  it('turns v1 errors and warnings into placed diagnostics', () => {
    const text = GOOD.replace('GREETING: hello', 'GREETING: ${NAME}');
    const output = [
      'WARNING: The NAME variable is not set. Defaulting to a blank string.',
      "ERROR: The Compose file '-' is invalid because:",
      'services.web.ports contains an invalid type, it should be an array',
    ].join('\n');
    const diagnostics = composeOutputDiagnostics(output, text, yamlPositions(text), true);
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', line: 7, source: 'compose' }),
      expect.objectContaining({ severity: 'error', line: 4, message: 'services.web.ports contains an invalid type, it should be an array' }),
    ]);
  });

  it("places v1's unknown top-level key and drops its generic advice", () => {
    const text = `${GOOD}bogus: 1\n`;
    const output = [
      "ERROR: The Compose file '-' is invalid because:",
      'Invalid top-level property "bogus". Valid top-level sections for this Compose file are: version, services, networks, volumes, secrets, configs, and extensions starting with "x-".',
      '',
      "You might be seeing this error because you're using the wrong Compose file version. Either specify a supported version (e.g \"2.2\" or \"3.3\") and place your service definitions under the `services` key, or omit the `version` key and only use the root `services` key.",
      'For more on the Compose file format versions, see https://docs.docker.com/compose/compose-file/',
    ].join('\n');
    const diagnostics = composeOutputDiagnostics(output, text, yamlPositions(text), true);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ line: 18, column: 1 });
    expect(text.slice(diagnostics[0]!.from, diagnostics[0]!.to)).toBe('bogus');
  });

  it('shows pointer paths the way Compose names them', () => {
    expect(displayPath('/services/web/ports/0')).toBe('services.web.ports[0]');
    expect(displayPath('/x~1y')).toBe('x/y');
  });
});
