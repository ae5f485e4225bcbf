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
    { name: 'empty file', code: '', errors: [{ line: 1, message: 'has no instructions' }] },
    { name: 'only comments', code: '# nothing here\n\n', errors: [{ line: 1, message: 'no instructions' }] },
    { name: 'ARG but no FROM', code: 'ARG A=1', errors: [{ line: 1, message: 'has no FROM' }] },
    {
      name: 'RUN before the first FROM',
      code: 'ARG V=1\nRUN echo\nFROM alpine',
      errors: [{ line: 2, message: 'RUN comes before the first FROM' }],
    },
    {
      name: 'unknown instruction with a suggestion',
      code: 'FROM alpine\nRUNN ./install.sh',
      errors: [{ line: 2, message: 'did you mean RUN?' }],
    },
    {
      name: 'unknown instruction without a close match',
      code: 'FROM alpine\nFROBNICATE x',
      errors: [{ line: 2, message: /"FROBNICATE" is not a Dockerfile instruction.*use one of ADD/ }],
    },
    {
      name: 'instructions without arguments',
      code: 'FROM alpine\nRUN\nEXPOSE\nWORKDIR\nRUN --mount=type=cache,target=/root/.cache\nONBUILD',
      errors: [
        { line: 2, message: 'RUN has no arguments' },
        { line: 3, message: 'EXPOSE has no arguments' },
        { line: 4 },
        { line: 5, message: 'RUN has no arguments' },
        { line: 6, message: 'ONBUILD has no arguments' },
      ],
    },
    {
      name: 'FROM with only a flag',
      code: 'FROM --platform=linux/amd64',
      errors: [{ line: 1, message: 'FROM has no arguments' }],
    },
    {
      name: 'FROM with a dangling AS',
      code: 'FROM alpine:3.20 as\nRUN echo',
      errors: [{ line: 1, message: 'FROM takes "image" or "image AS name"' }],
    },
    {
      name: 'COPY without a destination',
      code: 'FROM alpine\nCOPY app.tar.gz',
      errors: [{ line: 2, message: 'COPY needs a source and a destination' }],
    },
    {
      name: 'unclosed heredoc swallows the rest of the file',
      code: 'FROM alpine\nRUN <<EOF\nset -e\n./build.sh\nCMD ["./app"]\n',
      errors: [{ line: 2, message: 'heredoc <<EOF is never closed' }],
    },
    {
      name: 'unclosed COPY heredoc',
      code: 'FROM alpine\nCOPY <<CONF /etc/app.conf\nkey=value\n',
      errors: [{ line: 2, message: '<<CONF' }],
    },
    {
      name: 'forbidden and broken ONBUILD triggers',
      code: 'FROM alpine\nONBUILD ONBUILD RUN x\nONBUILD FROM alpine\nONBUILD RUN\nONBUILD RUNN x',
      errors: [
        { line: 2, message: 'ONBUILD is not allowed as an ONBUILD trigger' },
        { line: 3, message: 'FROM is not allowed' },
        { line: 4, message: 'the ONBUILD trigger RUN has no arguments' },
        { line: 5, message: 'did you mean RUN?' },
      ],
    },
    {
      name: 'several problems in one file, in order',
      code: 'RUN apk add curl\nFROM alpine:3.20 as\nCOPY app.tar.gz\nRUNN ./install.sh',
      errors: [{ line: 1 }, { line: 2 }, { line: 3 }, { line: 4 }],
    },
  ],
});
