import { argumentWords } from '../../dockerfile/instruction-text.js';
import type { Rule } from '../types.js';

/** `EXPOSE 80/TCP`: the protocol is written in lower case. */
export const exposeProtoCasing: Rule<'upperCase'> = {
  meta: {
    id: 'expose-proto-casing',
    severity: 'info',
    category: 'correctness',
    aliases: ['ExposeProtoCasing'],
    description: 'EXPOSE names a protocol in upper or mixed case (`80/TCP`): write it in lower case.',
    messages: {
      upperCase:
        '`{{port}}`: the protocol of an exposed port is written in lower case (`tcp`, `udp`, `sctp`); BuildKit warns about other casings. Fix: `{{fixed}}`.',
    },
    fixable: true,
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'EXPOSE') continue;
      for (const arg of argumentWords(model, instruction)) {
        const word = arg.value;
        const match = /^([^/]*)\/([A-Za-z]+)$/.exec(word);
        if (!match) continue;
        const proto = match[2] as string;
        if (proto === proto.toLowerCase()) continue;
        const fixed = `${match[1]}/${proto.toLowerCase()}`;
        // The written word may hold escaped newlines; fix only one written as it reads.
        const { range } = arg;
        const written = range.start.line === range.end.line;
        const fix = written ? [{ range, text: fixed }] : undefined;
        report(instruction, 'upperCase', { port: word, fixed }, fix);
      }
    }
  },
};
