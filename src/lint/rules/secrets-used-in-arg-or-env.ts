import { assignments } from '../../dockerfile/variables.js';
import type { InstructionInfo } from '../../dockerfile/model.js';
import type { Rule } from '../types.js';

// BuildKit's word list: a name with one of these words between underscores looks like a secret.
const SECRET = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
// BuildKit's exception, and docker-diet's: names of public keys and their fingerprints (`GPG_KEY` of
// the official images), and names that hold where a secret is or what kind it is, not the secret.
const NOT_SECRET = /(?:_|^)(?:public|pub|gpg|pgp|gnupg|fingerprint|keyring|dont)(?:_|$)/i;
const DESCRIBES =
  /_(?:file|path|dir|url|uri|endpoint|host|server|port|id|name|type|method|mode|header|enabled|disabled|required|version|length|size|algorithm|alg|ttl|expiry|expires|timeout)$/i;
// Values an ENV switch holds: not secrets.
const SWITCH = /^(?:|true|false|yes|no|on|off|0|1|none|null|enabled|disabled)$/i;

/** ARG or ENV whose name looks like a secret: its value stays in the image's metadata and history. */
export const secretsUsedInArgOrEnv: Rule<'secret'> = {
  meta: {
    id: 'secrets-used-in-arg-or-env',
    severity: 'warning',
    category: 'correctness',
    aliases: ['SecretsUsedInArgOrEnv', 'DL3064'],
    description:
      'An ARG or ENV named like a secret (`*_TOKEN`, `*_PASSWORD`, …): its value is readable in the image.',
    messages: {
      secret:
        '{{keyword}} `{{name}}` looks like it holds a secret: {{where}}. Fix: pass it with `RUN --mount=type=secret,id={{id}}` (`docker build --secret id={{id}},env={{name}}`), which keeps it out of the image.',
    },
  },
  check({ model, report }) {
    const visit = (instruction: InstructionInfo): void => {
      if (instruction.trigger) visit(instruction.trigger);
      const { keyword } = instruction;
      if (keyword !== 'ARG' && keyword !== 'ENV') return;
      for (const { name, value } of assignments(model, instruction)) {
        if (!SECRET.test(name) || NOT_SECRET.test(name) || DESCRIBES.test(name)) continue;
        // `ENV AUTH_DISABLED=true`-style switches and emptied variables carry no secret.
        if (keyword === 'ENV' && SWITCH.test((value ?? '').trim())) continue;
        const where =
          keyword === 'ENV'
            ? 'an ENV value is stored in the image config, readable by anyone who pulls the image'
            : 'a build argument’s value is recorded in the history of every RUN that uses it, and in max-mode provenance';
        report(instruction, 'secret', { keyword, name, where, id: name.toLowerCase() });
      }
    };
    for (const instruction of model.instructions) visit(instruction);
  },
};
