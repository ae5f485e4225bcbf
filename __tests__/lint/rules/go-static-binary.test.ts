import { expect } from '@jest/globals';
import { goStaticBinary } from '../../../src/lint/rules/go-static-binary.js';
import { testRule } from '../rule-tester.js';

const lines = (...l: string[]): string => l.join('\n');

testRule(goStaticBinary, {
  valid: [
    {
      name: 'CGO_ENABLED=0 inline, copied by number into alpine',
      code: lines(
        'FROM golang:1.7.3',
        'WORKDIR /go/src/github.com/alexellis/href-counter/',
        'RUN go get -d -v golang.org/x/net/html',
        'COPY app.go .',
        'RUN CGO_ENABLED=0 GOOS=linux go build -a -installsuffix cgo -o app .',
        'FROM alpine:latest',
        'RUN apk --no-cache add ca-certificates',
        'WORKDIR /root/',
        'COPY --from=0 /go/src/github.com/alexellis/href-counter/app .',
        'CMD ["./app"]',
      ),
    },
    {
      name: 'golang:alpine builder and alpine runtime are both musl',
      code: lines(
        'FROM golang:alpine AS build-env',
        'WORKDIR /app',
        'ADD . /app',
        'RUN cd /app && go build -o goapp',
        'FROM alpine',
        'WORKDIR /app',
        'COPY --from=build-env /app/goapp /app',
        'ENTRYPOINT ./goapp',
      ),
    },
    {
      name: 'ENV CGO_ENABLED=0 with make (no go build visible) into scratch',
      code: lines(
        'FROM golang:latest as build-env',
        'ENV GOPROXY=https://goproxy.cn,direct CGO_ENABLED=0',
        'WORKDIR /home/docker',
        'COPY . .',
        'RUN make',
        'FROM scratch',
        'COPY --from=build-env /home/docker/dogo /',
      ),
    },
    {
      name: 'ENV CGO_ENABLED=0 in the parent stage of the builder',
      code: lines(
        'FROM golang:1.22 AS base',
        'ENV CGO_ENABLED=0',
        'FROM base AS build',
        'RUN go build -o /out/app ./cmd/app',
        'FROM scratch',
        'COPY --from=build /out/app /app',
      ),
    },
    'FROM golang:1.22 AS build\nENV CGO_ENABLED 0\nRUN go build -o /app\nFROM scratch\nCOPY --from=build /app /app',
    'FROM golang:1.22 AS build\nRUN export CGO_ENABLED=0 && go build -o /app\nFROM scratch\nCOPY --from=build /app /app',
    'FROM golang:1.22 AS build\nRUN go env -w CGO_ENABLED=0\nRUN go build -o /app\nFROM scratch\nCOPY --from=build /app /app',
    `FROM golang:1.22 AS build\nRUN go build -ldflags '-s -w -extldflags "-static"' -o /app\nFROM scratch\nCOPY --from=build /app /app`,
    'FROM golang:1.22 AS build\nRUN go build --ldflags "-extldflags -static" -o /app\nFROM scratch\nCOPY --from=build /app /app',
    'FROM golang:1.22 AS build\nRUN go build -tags netgo,osusergo -o /app\nFROM alpine:3.20\nCOPY --from=build /app /app',
    `FROM golang:1.22 AS build\nRUN go build -ldflags "-extldflags '-static'" -o /app\nFROM scratch\nCOPY --from=build /app /app`,
    `FROM golang:1.22 AS build\nRUN go build -ldflags '-linkmode external -extldflags -static' -o /app\nFROM scratch\nCOPY --from=build /app /app`,
    'FROM golang:1.22 AS build\nRUN go build -ldflags="-linkmode external -extldflags=-static" -o /app\nFROM scratch\nCOPY --from=build /app /app',
    {
      name: '-extldflags -static through an ARG',
      code: `FROM golang:1.22 AS build\nARG LDFLAGS="-s -w -extldflags '-static'"\nRUN go build -ldflags "$LDFLAGS" -o /app\nFROM scratch\nCOPY --from=build /app /app`,
    },
    {
      name: '-extldflags -static through GOFLAGS',
      code: `FROM golang:1.22 AS build\nENV GOFLAGS="-ldflags=-extldflags=-static"\nRUN go build -o /app\nFROM scratch\nCOPY --from=build /app /app`,
    },
    {
      name: 'xx-verify --static checks the binary: a dynamic one fails the build',
      code: 'FROM golang:1.23-alpine AS build\nENV CGO_ENABLED=1\nRUN xx-go build -o /out/agent ./cmd/agent && xx-verify --static /out/agent\nFROM scratch\nCOPY --from=build /out/agent /agent',
    },
    {
      name: 'xx-verify --static in a later RUN, relative output',
      code: 'FROM golang:1.22 AS build\nWORKDIR /src\nRUN go build -o bin/app .\nRUN xx-verify --static /src/bin/app\nFROM scratch\nCOPY --from=build /src/bin/app /app',
    },
    {
      name: 'ARG CGO_ENABLED=0 in the stage',
      code: 'FROM golang:1.22 AS build\nARG CGO_ENABLED=0\nRUN go build -o /app\nFROM scratch\nCOPY --from=build /app /app',
    },
    {
      name: 'a cgo binary into a glibc runtime (distroless/base, debian) is fine',
      code: lines(
        'FROM golang:1.22 AS build',
        'RUN go build -o /app',
        'FROM gcr.io/distroless/base-debian12',
        'COPY --from=build /app /app',
        'FROM debian:12-slim',
        'COPY --from=build /app /app',
      ),
    },
    {
      name: 'only CA certificates are copied from the builder into scratch',
      code: lines(
        'FROM golang:1.22 AS build',
        'WORKDIR /src',
        'RUN go build -o /out/app',
        'FROM scratch',
        'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/',
      ),
    },
    {
      name: 'only the static one of two builds is copied',
      code: 'FROM golang:1.22 AS b\nRUN go build -o /a\nRUN CGO_ENABLED=0 go build -o /b\nFROM scratch\nCOPY --from=b /b /b',
    },
    {
      name: 'golang:alpine without gcc builds static binaries (Go ≥ 1.20): scratch is fine',
      code: 'FROM golang:1.22-alpine AS build\nRUN go build -o /app\nFROM scratch\nCOPY --from=build /app /app',
    },
    {
      name: 'unknown builder image or variable CGO_ENABLED: cannot decide',
      code: lines(
        'FROM my/go-builder AS a',
        'RUN go build -o /a',
        'FROM golang:1.22 AS b',
        'ARG CGO_ENABLED',
        'RUN go build -o /b',
        'FROM scratch',
        'COPY --from=a /a /a',
        'COPY --from=b /b /b',
      ),
    },
    'FROM golang:1.22 AS build\nRUN ["sh", "-c", "CGO_ENABLED=0 go build -o /app"]\nFROM scratch\nCOPY --from=build /app /app',
    'FROM golang:1.22 AS build\nRUN <<EOF\nexport CGO_ENABLED=0\ngo build -o /app\nEOF\nFROM scratch\nCOPY --from=build /app /app',
    'FROM alpine:3.20\nCOPY --from=golang:1.22 /usr/local/go/bin/gofmt /usr/bin/',
    'FROM golang:1.22 AS build\nRUN go build -o /app\nFROM scratch\nCOPY --from=build $APP /app',
  ],
  invalid: [
    {
      name: 'xx-go build with cgo on and no static check',
      code: 'FROM golang:1.23-alpine AS build\nENV CGO_ENABLED=1\nRUN xx-go build -o /out/agent ./cmd/agent && xx-verify /out/agent\nFROM scratch\nCOPY --from=build /out/agent /agent',
      errors: [{ line: 5, messageId: 'dynamicBinary', data: { line: 3 } }],
    },
    {
      name: 'without CGO_ENABLED=0: glibc binary into alpine',
      code: lines(
        'FROM golang:1.7.3',
        'WORKDIR /go/src/github.com/alexellis/href-counter/',
        'COPY app.go .',
        'RUN GOOS=linux go build -a -installsuffix cgo -o app .',
        'FROM alpine:latest',
        'WORKDIR /root/',
        'COPY --from=0 /go/src/github.com/alexellis/href-counter/app .',
      ),
      errors: [
        {
          line: 7,
          messageId: 'dynamicBinary',
          data: {
            line: 4,
            image: 'alpine:latest',
            missing: 'glibc, which alpine:latest lacks (it has musl)',
          },
        },
      ],
    },
    {
      name: 'no -o: the binary lands in WORKDIR and the whole directory is copied into scratch',
      code: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build\nFROM scratch\nCOPY --from=build /src/ /app/',
      errors: [{ line: 6, messageId: 'dynamicBinary' }],
    },
    {
      name: 'relative -o after cd, copied into distroless static',
      code: lines(
        'FROM golang:1.22 AS build',
        'RUN cd /app && go build -o bin/server ./cmd/server',
        'FROM gcr.io/distroless/static-debian12',
        'COPY --from=build /app/bin/server /server',
      ),
      errors: [
        {
          line: 4,
          messageId: 'dynamicBinary',
          data: {
            image: 'gcr.io/distroless/static-debian12',
            missing: 'a C library, which gcr.io/distroless/static-debian12 lacks',
          },
        },
      ],
    },
    {
      name: 'CGO_ENABLED=1 set explicitly, glob copy, chainguard static',
      code: lines(
        'FROM golang:1.22-alpine AS build',
        'ENV CGO_ENABLED=1',
        'RUN apk add --no-cache gcc musl-dev && go build -o /out/ ./...',
        'FROM cgr.dev/chainguard/static',
        'COPY --from=build /out/* /usr/local/bin/',
      ),
      errors: [
        {
          line: 5,
          messageId: 'dynamicBinary',
          data: { cause: expect.stringContaining('links it dynamically against musl') },
        },
      ],
    },
    {
      name: 'the runtime stage is itself built FROM a scratch-based stage',
      code: lines(
        'FROM golang:1.22 AS build',
        'RUN go build -o /app',
        'FROM scratch AS base',
        'COPY --from=build /app /app',
        'FROM base',
        'COPY --from=build /app /app2',
      ),
      errors: [
        { line: 4, messageId: 'dynamicBinary' },
        { line: 6, messageId: 'dynamicBinary' },
      ],
    },
    {
      name: 'export in an earlier RUN does not last; heredoc build',
      code: lines(
        'FROM golang:1.22 AS build',
        'RUN export CGO_ENABLED=0',
        'RUN <<EOF',
        'go build -o /app',
        'EOF',
        'FROM scratch',
        'COPY --from=build /app /app',
      ),
      errors: [{ line: 7, messageId: 'dynamicBinary', data: { line: 3 } }],
    },
  ],
});
