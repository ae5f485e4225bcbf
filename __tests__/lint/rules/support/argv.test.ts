import { describe, expect, it } from '@jest/globals';
import { splitShell } from '../../../../src/dockerfile/shell.js';
import {
  countShort,
  hasOption,
  operands,
  optionValues,
  subcommand,
} from '../../../../src/lint/rules/support/argv.js';

const argv = (text: string) => splitShell(text)[0]?.argv ?? [];

function aptValued() {
  return { long: ['--option'], short: 'o' };
}

describe('option parsing', () => {
  it('finds the subcommand after options and their values', () => {
    expect(subcommand(argv('apt-get -o Dpkg::Options::=--force-confold -qq install x'), aptValued())).toEqual(
      {
        name: 'install',
        index: 4,
      },
    );
    expect(subcommand(argv('yarn --frozen-lockfile'))).toBeUndefined();
  });

  it('lists operands after the subcommand', () => {
    expect(operands(argv('apk del --purge .build-deps tzdata'), undefined, 2)).toEqual([
      '.build-deps',
      'tzdata',
    ]);
  });

  it('sees long options, short letters in clusters, but not inside option values', () => {
    expect(hasOption(argv('apt-get install -qy x'), ['--yes'], 'y')).toBe(true);
    expect(hasOption(argv('apt-get install --yes=true x'), ['--yes'], 'y')).toBe(true);
    expect(hasOption(argv('apt-get install --no-install-recommends x'), ['--yes'], 'y')).toBe(false);
    // `-oAPT::Key=yes`: the y letters belong to the value of -o.
    expect(hasOption(argv('apt-get -oAPT::Key=yes install x'), ['--yes'], 'y', aptValued())).toBe(false);
    expect(hasOption(argv('apt-get install -- -y'), ['--yes'], 'y')).toBe(false);
  });

  it('counts repeated short letters', () => {
    expect(countShort(argv('apt-get -qq install x'), 'q')).toBe(2);
    expect(countShort(argv('apt-get -q install -q x'), 'q')).toBe(2);
    expect(countShort(argv('apt-get -q install x'), 'q')).toBe(1);
  });

  it('reads option values in every spelling', () => {
    const valued = { long: [], short: 'Xt' };
    expect(optionValues(argv('apk add --virtual .a x'), '--virtual', 't')).toEqual(['.a']);
    expect(optionValues(argv('apk add --virtual=.b x'), '--virtual', 't')).toEqual(['.b']);
    expect(optionValues(argv('apk add -t .c -Ut .d -t.e x'), '--virtual', 't', valued)).toEqual([
      '.c',
      '.d',
      '.e',
    ]);
    expect(optionValues(argv('apk add -Xhttp://t.example x'), '--virtual', 't', valued)).toEqual([]);
  });
});
