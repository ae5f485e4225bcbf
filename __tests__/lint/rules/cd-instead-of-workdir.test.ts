import { cdInsteadOfWorkdir } from '../../../src/lint/rules/cd-instead-of-workdir.js';
import { testRule } from '../rule-tester.js';

testRule(cdInsteadOfWorkdir, {
  valid: [
    'FROM alpine\nWORKDIR /app\nRUN make',
    { name: 'a cd alone', code: 'FROM alpine\nRUN cd /app' },
    { name: 'a subshell', code: 'FROM alpine\nRUN (cd /src && make) && make install' },
    { name: 'a cd later in the script', code: 'FROM alpine\nRUN git clone x /src && cd /src && make' },
    { name: 'inside sh -c', code: "FROM alpine\nRUN sh -c 'cd /src && make'" },
    { name: 'cd -', code: 'FROM alpine\nRUN cd - && make' },
    { name: 'cd home', code: 'FROM alpine\nRUN cd && ls' },
    { name: 'a scratch folder', code: 'FROM alpine\nRUN cd /tmp && tar xzf x.tgz && cd x && make install' },
    { name: 'or', code: 'FROM alpine\nRUN cd /src || exit 1' },
    { name: 'exec form', code: 'FROM alpine\nRUN ["sh", "-c", "cd /x && make"]' },
  ],
  invalid: [
    {
      code: 'FROM alpine\nRUN cd /usr/src/app && npm ci',
      errors: [{ line: 2, messageId: 'useWorkdir', data: { dir: '/usr/src/app' } }],
    },
    {
      code: 'FROM alpine\nRUN cd build; make install',
      errors: [{ line: 2, messageId: 'useWorkdir', data: { dir: 'build' } }],
    },
  ],
});
