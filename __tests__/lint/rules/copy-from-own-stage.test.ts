import { copyFromOwnStage } from '../../../src/lint/rules/copy-from-own-stage.js';
import { testRule } from '../rule-tester.js';

testRule(copyFromOwnStage, {
  valid: [
    'FROM golang AS build\nFROM scratch AS app\nCOPY --from=build /a /a',
    'FROM golang\nFROM scratch\nCOPY --from=0 /a /a',
    { name: 'an image', code: 'FROM alpine AS app\nCOPY --from=app:1 /a /a' },
    {
      name: 'RUN --mount is another thing',
      code: 'FROM alpine AS app\nRUN --mount=type=cache,target=/c echo',
    },
  ],
  invalid: [
    {
      code: 'FROM golang AS build\nCOPY --from=build /a /b',
      errors: [{ line: 2, messageId: 'own', data: { ref: 'build' } }],
    },
    {
      name: 'by number and by another spelling',
      code: 'FROM golang AS build\nFROM alpine AS App\nCOPY --from=1 /a /a\nCOPY --from=app /b /b',
      errors: [
        { line: 3, messageId: 'own' },
        { line: 4, messageId: 'own' },
      ],
    },
  ],
});
