// The config file's `images:` list: its entries read and checked strictly (messages name the entry
// index and the bad value), its budgets folded into the per-name budgets, and a single run of an
// entry's name taking the entry's values for the image settings it leaves unset.
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseConfigFile } from '../../src/config/config-file.js';
import { applyConfiguredImage, type ConfiguredImage } from '../../src/config/image-entries.js';
import { parseSettings } from '../../src/config/settings.js';
import { DietError } from '../../src/errors.js';

const WORKSPACE = path.resolve('/repo/shop');
const parse = (text: string) => parseConfigFile(text, '.docker-diet.yml', undefined, WORKSPACE);

/** The message of the DietError `fn` throws. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DietError);
    return (error as DietError).message;
  }
  throw new Error('expected an error');
}

describe('images: in the config file', () => {
  it('reads every key, derives missing names and contexts, and keeps the file order', () => {
    const config = parse(
      [
        'images:',
        '  - name: api',
        '    dockerfile: ./services/api/Dockerfile',
        '    context: .',
        '    target: runtime',
        '    build-args: { VERSION: 1.2.3, DEBUG: false }',
        '    budgets: { max-size: 150MB }',
        '  - dockerfile: services/web/Dockerfile.prod',
        '    build-args: [NODE_ENV=production, NPM_TOKEN, "EMPTY="]',
        '  - dockerfile: Dockerfile',
      ].join('\n'),
    );
    expect(config.images).toEqual([
      {
        name: 'api',
        dockerfile: 'services/api/Dockerfile',
        context: '.',
        target: 'runtime',
        buildArgs: ['VERSION=1.2.3', 'DEBUG=false'],
      },
      {
        name: 'services/web-prod',
        dockerfile: 'services/web/Dockerfile.prod',
        context: 'services/web',
        buildArgs: ['NODE_ENV=production', 'NPM_TOKEN', 'EMPTY='],
      },
      { name: 'shop', dockerfile: 'Dockerfile', context: '.', buildArgs: [] },
    ]);
    expect(config.budgets).toEqual({ api: { maxSize: 150_000_000 } });
  });

  it('adds entry budgets beside the budgets: mapping, and refuses the same name in both', () => {
    const both = [
      'budgets:',
      '  worker: { max-wasted: 10MB }',
      'images:',
      '  - { name: api, dockerfile: api/Dockerfile, budgets: { max-increase: 5% } }',
    ];
    expect(parse(both.join('\n')).budgets).toEqual({
      worker: { maxWasted: { kind: 'bytes', bytes: 10_000_000 } },
      api: { maxIncrease: { kind: 'percent', percent: 5 } },
    });
    expect(
      errorOf(() =>
        parse([...both, '  - { name: worker, dockerfile: w/Dockerfile, budgets: {} }'].join('\n')),
      ),
    ).toBe(
      '.docker-diet.yml: images[1].budgets: budgets for "worker" are also set under budgets; keep them in one place',
    );
  });

  it('lists every problem with its entry index, key and value, with a suggestion for typos', () => {
    const message = errorOf(() =>
      parse(
        [
          'images:',
          '  - name: api',
          '    dockerfile: api/Dockerfile',
          '    buildargs: { A: 1 }',
          '    target: "2 stages"',
          '    budgets: { max-sise: 1MB }',
          '  - context: web',
          '  - dockerfile: /abs/Dockerfile',
          '    context: ../outside',
          '  - dockerfile: web/Dockerfile',
          '    build-args: { "1BAD": x, OK: [1], MULTI: "a\\nb" }',
          '  - dockerfile: web/Dockerfile',
          '    build-args: [A=1, 7]',
          '  - just a string',
          '  - { dockerfile: x/Dockerfile, build-args: A=1 }',
          '  - { name: api, dockerfile: other/Dockerfile }',
          '  - { name: "", dockerfile: ./ }',
        ].join('\n'),
      ),
    );
    expect(message.split('\n')).toEqual([
      '.docker-diet.yml: images[0].buildargs: unknown key (did you mean build-args?) (expected one of name, dockerfile, context, target, build-args, budgets)',
      '.docker-diet.yml: images[0].target: expected a build stage name such as runtime; got "2 stages"',
      '.docker-diet.yml: images[0].budgets.max-sise: unknown budget (did you mean max-size?) (expected one of max-size, max-compressed-size, max-increase, max-wasted, increase-floor)',
      '.docker-diet.yml: images[1]: dockerfile is missing; every entry names the Dockerfile it builds',
      '.docker-diet.yml: images[2].dockerfile: "/abs/Dockerfile" is not inside the workspace; write a path relative to it, e.g. services/api',
      '.docker-diet.yml: images[2].context: "../outside" is not inside the workspace; write a path relative to it, e.g. services/api',
      '.docker-diet.yml: images[3].build-args.1BAD: "1BAD" is not a build argument name (letters, digits and _, not starting with a digit)',
      '.docker-diet.yml: images[3].build-args.OK: expected a value (text or number); got a list. To take it from the environment, list it as - OK',
      '.docker-diet.yml: images[3].build-args.MULTI: the value of MULTI spans several lines; a build argument is one line',
      '.docker-diet.yml: images[4].build-args[1]: expected KEY=VALUE or KEY; got 7',
      '.docker-diet.yml: images[4]: the name "web" derived from web/Dockerfile is already the name of images[3]; names key the report\'s sections and budgets, so give each entry its own',
      '.docker-diet.yml: images[5]: expected a mapping with keys name, dockerfile, context, target, build-args, budgets; got "just a string"',
      '.docker-diet.yml: images[6].build-args: expected a mapping { KEY: value } or a list of KEY=VALUE; got "A=1"',
      '.docker-diet.yml: images[7].name: "api" is already the name of images[0]; names key the report\'s sections and budgets, so give each entry its own',
      '.docker-diet.yml: images[8].dockerfile: expected a Dockerfile path, not the workspace itself',
      '.docker-diet.yml: images[8].name: expected a non-empty name such as api; got ""',
    ]);
  });

  it('refuses images: that is not a list, and suggests it for a typo', () => {
    expect(errorOf(() => parse('images: { api: api/Dockerfile }'))).toMatch(
      /^\.docker-diet\.yml: images: expected a list of entries such as - \{ name: api, dockerfile: services\/api\/Dockerfile \}; got /,
    );
    expect(errorOf(() => parse('image:\n  - dockerfile: Dockerfile'))).toContain(
      'image: unknown key (did you mean images?)',
    );
  });

  it('never quotes a build argument value in a message', () => {
    const message = errorOf(() =>
      parse('images:\n  - dockerfile: a/Dockerfile\n    build-args: ["1X=hunter2"]'),
    );
    expect(message).toContain('"1X"');
    expect(message).not.toContain('hunter2');
  });
});

describe('applyConfiguredImage', () => {
  const images: ConfiguredImage[] = [
    {
      name: 'api',
      dockerfile: 'services/api/Dockerfile',
      context: '.',
      target: 'runtime',
      buildArgs: ['VERSION=1.2.3', 'FROM_ENV'],
    },
  ];
  const env = { FROM_ENV: 'env-value' };

  it('fills the image settings a run of that name leaves unset', () => {
    const settings = applyConfiguredImage(parseSettings({ name: 'api' }, WORKSPACE), images, WORKSPACE, env);
    expect(settings).toMatchObject({
      name: 'api',
      context: WORKSPACE,
      dockerfile: path.join(WORKSPACE, 'services/api/Dockerfile'),
      target: 'runtime',
      buildArgs: { VERSION: '1.2.3', FROM_ENV: 'env-value' },
    });
  });

  it('lets the inputs that are set win; a context equal to its default counts as unset', () => {
    const given = parseSettings(
      { name: 'api', context: '.', dockerfile: 'other/Dockerfile', target: 'debug', 'build-args': 'X=1' },
      WORKSPACE,
    );
    expect(applyConfiguredImage(given, images, WORKSPACE, env)).toMatchObject({
      context: WORKSPACE,
      dockerfile: path.join(WORKSPACE, 'other/Dockerfile'),
      target: 'debug',
      buildArgs: { X: '1' },
    });
    const context = parseSettings({ name: 'api', context: 'services' }, WORKSPACE);
    expect(applyConfiguredImage(context, images, WORKSPACE, env)).toMatchObject({
      context: path.join(WORKSPACE, 'services'),
      dockerfile: path.join(WORKSPACE, 'services/api/Dockerfile'),
      target: 'runtime',
    });
  });

  it('matches a name derived from the Dockerfile too, and leaves other runs alone', () => {
    const derived = [{ name: 'shop', dockerfile: 'Dockerfile', context: '.', target: 'slim', buildArgs: [] }];
    expect(applyConfiguredImage(parseSettings({}, WORKSPACE), derived, WORKSPACE, env).target).toBe('slim');
    const other = parseSettings({ name: 'web' }, WORKSPACE);
    expect(applyConfiguredImage(other, images, WORKSPACE, env)).toBe(other);
  });
});
