import { pipeWithoutPipefail } from '../../../src/lint/rules/pipe-without-pipefail.js';
import { testRule } from '../rule-tester.js';

testRule(pipeWithoutPipefail, {
  valid: [
    'FROM debian\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://x/a.tgz | tar -xz',
    'FROM alpine\nSHELL ["/bin/ash", "-eo", "pipefail", "-c"]\nRUN wget -qO- x | tar -xz',
    { name: 'set in the RUN', code: 'FROM debian\nRUN set -o pipefail && curl -fsSL x | tar -xz' },
    { name: 'bash -o pipefail -c', code: 'FROM debian\nRUN bash -o pipefail -c "curl x | tar -xz"' },
    { name: 'no pipe', code: 'FROM debian\nRUN a || b && c' },
    { name: 'echo into a command', code: 'FROM debian\nRUN echo "$SUM  f" | sha256sum -c -' },
    { name: 'yes: pipefail would fail it', code: 'FROM debian\nRUN yes | apt-get install x' },
    {
      name: 'not a download: find into awk (official images)',
      code: "FROM debian\nRUN find /usr/local -type f -executable -exec ldd '{}' ';' | awk '/=>/ { print $3 }' | sort -u",
    },
    {
      name: 'case patterns are no pipe',
      code: 'FROM alpine\nRUN case "$arch" in x86_64|aarch64) apk add x ;; esac',
    },
    {
      name: 'PowerShell',
      code: 'FROM mcr.microsoft.com/windows\nSHELL ["pwsh", "-Command"]\nRUN Get-Item x | Remove-Item',
    },
    {
      name: 'SHELL set in the parent stage',
      code: 'FROM debian AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM base\nRUN curl x | sh',
    },
    { name: 'exec form', code: 'FROM debian\nRUN ["sh", "-c", "curl x | sh"]' },
  ],
  invalid: [
    {
      code: 'FROM debian\nRUN curl -fsSL https://x/install.sh | sh',
      errors: [{ line: 2, messageId: 'pipe', data: { upstream: 'curl', downstream: 'sh' } }],
    },
    {
      name: 'a SHELL without pipefail',
      code: 'FROM debian\nSHELL ["/bin/bash", "-c"]\nRUN wget -qO- x | tar -xz',
      errors: [{ line: 3, messageId: 'pipe' }],
    },
    {
      name: 'a later stage resets',
      code: 'FROM debian\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM debian\nRUN curl -fsSL x | gpg --dearmor -o /k.gpg',
      errors: [{ line: 4, messageId: 'pipe', data: { upstream: 'curl', downstream: 'gpg' } }],
    },
  ],
});
