import { onbuildForbiddenTrigger } from '../../../src/lint/rules/onbuild-forbidden-trigger.js';
import { testRule } from '../rule-tester.js';

testRule(onbuildForbiddenTrigger, {
  valid: ['FROM alpine\nONBUILD RUN echo hi\nONBUILD COPY . /app', 'FROM alpine\nRUN echo onbuild from'],
  invalid: [
    {
      code: 'FROM alpine\nONBUILD ONBUILD RUN x',
      errors: [{ line: 2, messageId: 'forbidden', data: { trigger: 'ONBUILD' } }],
    },
    {
      code: 'FROM alpine\nonbuild from debian',
      errors: [{ line: 2, messageId: 'forbidden', data: { trigger: 'FROM' } }],
    },
    {
      code: 'FROM alpine\nONBUILD MAINTAINER me',
      errors: [{ line: 2, messageId: 'forbidden', data: { trigger: 'MAINTAINER' } }],
    },
  ],
});
