import { goVersionNotPinned } from '../../../src/lint/rules/go-version-not-pinned.js';
import { testRule } from '../rule-tester.js';

testRule(goVersionNotPinned, {
  valid: [
    'FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@v0.16.1',
    {
      name: 'the local module',
      code: 'FROM golang:1.22\nRUN go install . && go install ./cmd/... && go run /src/app',
    },
    {
      name: 'go run with a pinned package and its arguments',
      code: 'FROM golang:1.22\nRUN go run example.com/gen@v1.2.3 --out x',
    },
    { name: 'go run of a file', code: 'FROM golang:1.22\nRUN go run main.go' },
    { name: 'go build is not install', code: 'FROM golang:1.22\nRUN go build -o /app .' },
    {
      name: 'flags with values',
      code: 'FROM golang:1.22\nRUN go install -tags netgo -ldflags "-s -w" ./cmd/app',
    },
    { name: 'go mod download reads go.sum', code: 'FROM golang:1.22\nRUN go mod download' },
  ],
  invalid: [
    {
      code: 'FROM golang:1.22\nRUN go install example.com/pkg',
      errors: [{ line: 2, messageId: 'unpinned', data: { packages: '`example.com/pkg`' } }],
    },
    {
      name: '@latest is not a version',
      code: 'FROM golang:1.22\nRUN go install github.com/go-delve/delve/cmd/dlv@latest',
      errors: [{ line: 2, messageId: 'unpinned' }],
    },
    {
      name: 'go get -tool',
      code: 'FROM golang:1.24\nRUN go get -tool foobar',
      errors: [{ line: 2, messageId: 'unpinned', data: { packages: '`foobar`' } }],
    },
  ],
});
