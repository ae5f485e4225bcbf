import { expect } from '@jest/globals';
import { dockerfileSyntax } from '../../../src/lint/rules/dockerfile-syntax.js';
import { testRule } from '../rule-tester.js';

testRule(dockerfileSyntax, {
  valid: [
    'FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD ["curl", "--version"]',
    { name: 'ARG before the first FROM', code: 'ARG BASE=alpine:3.20\nFROM ${BASE}\nRUN echo hi' },
    { name: 'lower-case keywords', code: 'from alpine:3.20 as build\nrun echo hi\ncopy --from=build /a /b' },
    {
      name: 'parser directives and comments first',
      code: '# syntax=docker/dockerfile:1\n# escape=`\n# hi\nFROM alpine',
    },
    { name: 'empty CMD and ENTRYPOINT are legal', code: 'FROM alpine\nENTRYPOINT\nCMD' },
    {
      name: 'FROM with platform and AS',
      code: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN go version',
    },
    {
      name: 'closed heredoc',
      code: 'FROM alpine\nRUN <<EOF\nset -e\necho hi\nEOF\nCOPY <<-END /etc/motd\n\thello\n\tEND',
    },
    { name: 'heredoc in quotes is no heredoc', code: "FROM alpine\nRUN echo '<<EOF'" },
    { name: 'COPY heredoc with one argument besides it', code: 'FROM alpine\nCOPY <<EOF /x\nhi\nEOF' },
    { name: 'JSON-form COPY', code: 'FROM alpine\nCOPY ["a b", "/dst/"]' },
    { name: 'valid ONBUILD trigger', code: 'FROM alpine\nONBUILD RUN echo hi' },
    { name: 'continuation with a blank line inside', code: 'FROM alpine\nRUN echo \\\n\n  hi' },
    { name: 'a byte-order mark before FROM', code: '\uFEFFFROM alpine\nRUN echo' },
  ],
  invalid: [
    { name: 'empty file', code: '', errors: [{ line: 1, messageId: 'empty' }] },
    { name: 'only comments', code: '# nothing here\n\n', errors: [{ line: 1, messageId: 'empty' }] },
    { name: 'ARG but no FROM', code: 'ARG A=1', errors: [{ line: 1, messageId: 'noFrom' }] },
    {
      name: 'RUN before the first FROM',
      code: 'ARG V=1\nRUN echo\nFROM alpine',
      errors: [{ line: 2, messageId: 'beforeFrom', data: { keyword: 'RUN' } }],
    },
    {
      name: 'unknown instruction with a suggestion',
      code: 'FROM alpine\nRUNN ./install.sh',
      errors: [{ line: 2, messageId: 'unknownInstructionGuess', data: { guess: 'RUN' } }],
    },
    {
      name: 'unknown instruction without a close match',
      code: 'FROM alpine\nFROBNICATE x',
      errors: [
        {
          line: 2,
          messageId: 'unknownInstruction',
          data: { word: 'FROBNICATE', keywords: expect.stringMatching(/^ADD, /) },
        },
      ],
    },
    {
      name: 'instructions without arguments',
      code: 'FROM alpine\nRUN\nEXPOSE\nWORKDIR\nRUN --mount=type=cache,target=/root/.cache\nONBUILD',
      errors: [
        { line: 2, messageId: 'noArguments', data: { keyword: 'RUN' } },
        { line: 3, messageId: 'noArguments', data: { keyword: 'EXPOSE' } },
        { line: 4, messageId: 'noArguments' },
        { line: 5, messageId: 'noArguments', data: { keyword: 'RUN' } },
        { line: 6, messageId: 'noArguments', data: { keyword: 'ONBUILD' } },
      ],
    },
    {
      name: 'FROM with only a flag',
      code: 'FROM --platform=linux/amd64',
      errors: [{ line: 1, messageId: 'noArguments', data: { keyword: 'FROM' } }],
    },
    {
      name: 'FROM with a dangling AS',
      code: 'FROM alpine:3.20 as\nRUN echo',
      errors: [{ line: 1, messageId: 'badFrom' }],
    },
    {
      name: 'COPY without a destination',
      code: 'FROM alpine\nCOPY app.tar.gz',
      errors: [{ line: 2, messageId: 'noDestination', data: { keyword: 'COPY' } }],
    },
    {
      name: 'unclosed heredoc swallows the rest of the file',
      code: 'FROM alpine\nRUN <<EOF\nset -e\n./build.sh\nCMD ["./app"]\n',
      errors: [{ line: 2, messageId: 'unclosedHeredoc', data: { name: 'EOF' } }],
    },
    {
      name: 'unclosed COPY heredoc',
      code: 'FROM alpine\nCOPY <<CONF /etc/app.conf\nkey=value\n',
      errors: [{ line: 2, messageId: 'unclosedHeredoc', data: { name: 'CONF' } }],
    },
    {
      name: 'forbidden and broken ONBUILD triggers',
      code: 'FROM alpine\nONBUILD ONBUILD RUN x\nONBUILD FROM alpine\nONBUILD RUN\nONBUILD RUNN x',
      errors: [
        { line: 2, messageId: 'badTrigger', data: { keyword: 'ONBUILD' } },
        { line: 3, messageId: 'badTrigger', data: { keyword: 'FROM' } },
        { line: 4, messageId: 'triggerNoArguments', data: { keyword: 'RUN' } },
        { line: 5, messageId: 'unknownInstructionGuess', data: { guess: 'RUN' } },
      ],
    },
    {
      name: 'several problems in one file, in order',
      code: 'RUN apk add curl\nFROM alpine:3.20 as\nCOPY app.tar.gz\nRUNN ./install.sh',
      errors: [
        { line: 1, messageId: 'beforeFrom' },
        { line: 2, messageId: 'badFrom' },
        { line: 3, messageId: 'noDestination' },
        { line: 4, messageId: 'unknownInstructionGuess' },
      ],
    },
  ],
});
