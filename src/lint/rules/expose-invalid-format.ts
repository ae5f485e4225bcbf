import { argumentWords } from '../../dockerfile/instruction-text.js';
import type { Rule } from '../types.js';

/** EXPOSE with an IP address or a `host:container` mapping, or a port outside 0–65535. */
export const exposeInvalidFormat: Rule<'mapping' | 'outOfRange'> = {
  meta: {
    id: 'expose-invalid-format',
    severity: 'warning',
    category: 'correctness',
    aliases: ['ExposeInvalidFormat', 'DL3011'],
    description: 'EXPOSE names an IP address or a `host:container` mapping, or a port outside 0–65535.',
    messages: {
      mapping:
        '`EXPOSE {{port}}`: EXPOSE only documents a container port; an IP address or a host port mapping belongs to `docker run -p`, and BuildKit says this form will become an error. Fix: `EXPOSE {{container}}`.',
      outOfRange:
        '`EXPOSE {{port}}`: {{number}} is not a port; ports range from 0 to 65535, and the build stops at this EXPOSE.',
    },
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'EXPOSE') continue;
      for (const arg of argumentWords(model, instruction)) {
        const word = arg.value;
        // A variable's value is only known at build time.
        if (word.includes('$')) continue;
        // As BuildKit splits it: `[ip:]hostPort:containerPort[/proto]`.
        const parts = word.split(':');
        const last = parts.length - 1;
        const ip = parts.length > 2 ? parts.slice(0, last - 1).join(':') : '';
        const hostPort = parts.length > 1 ? (parts[last - 1] as string) : '';
        const containerProto = parts[last] as string;
        const slash = containerProto.indexOf('/');
        const ports = slash === -1 ? containerProto : containerProto.slice(0, slash);
        const proto = slash === -1 ? '' : containerProto.slice(slash);
        if (ip !== '' || hostPort !== '') {
          if (!/^\d+(-\d+)?$/.test(ports)) continue;
          report(instruction, 'mapping', { port: word, container: `${ports}${proto}` });
          continue;
        }
        // A port or a range `8000-8010`; anything else is a parse error BuildKit reports itself.
        const match = /^(\d+)(?:-(\d+))?$/.exec(ports);
        if (!match) continue;
        const high = [match[1], match[2]].find((n) => n !== undefined && Number(n) > 65535);
        if (high !== undefined) report(instruction, 'outOfRange', { port: word, number: high });
      }
    }
  },
};
