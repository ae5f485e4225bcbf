import { stripQuotes } from '../../dockerfile/instruction-text.js';
import { labelPairs } from '../../dockerfile/variables.js';
import type { Rule } from '../types.js';

// Namespaces Docker reserves for its own labels.
const RESERVED = /^(com\.docker\.|io\.docker\.|org\.dockerproject\.)/;

/** `LABEL Version=1`: a key outside Docker's label-key format. */
export const invalidLabelKey: Rule<'format' | 'reserved'> = {
  meta: {
    id: 'invalid-label-key',
    severity: 'info',
    category: 'correctness',
    aliases: ['DL3048'],
    description:
      'A LABEL key breaks Docker’s key format (lower case, digits, `.` and `-`) or uses a reserved namespace.',
    messages: {
      format:
        'The label key `{{key}}` does not follow Docker’s format: keys start with a lower-case letter, end with a letter or digit, and hold only lower-case letters, digits, `.` and `-`, never two separators in a row. Tools that query labels by key miss it. Fix: a reverse-DNS key such as `org.opencontainers.image.version`.',
      reserved:
        'The label key `{{key}}` is in a namespace Docker reserves for itself (`com.docker.*`, `io.docker.*`, `org.dockerproject.*`). Fix: use your own reverse-DNS prefix.',
    },
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'LABEL') continue;
      for (const { name } of labelPairs(instruction)) {
        const key = stripQuotes(name);
        // A variable is expanded at build time: its value is unknown here.
        if (key === '' || key.includes('$')) continue;
        if (RESERVED.test(key)) report(instruction, 'reserved', { key });
        else if (!/^[a-z]([a-z0-9.-]*[a-z0-9])?$/.test(key) || /\.\.|--/.test(key))
          report(instruction, 'format', { key });
      }
    }
  },
};
