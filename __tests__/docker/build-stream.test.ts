import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { parseBuildLine, readBuildStream, type BuildStreamEvent } from '../../src/docker/build-stream.js';

describe('parseBuildLine', () => {
  it('decodes the BuildKit trace payload from base64', () => {
    const event = parseBuildLine('{"id":"moby.buildkit.trace","aux":"CgQKAmFi"}');
    expect(event?.type).toBe('trace');
    expect(event?.type === 'trace' && [...event.data]).toEqual([0x0a, 0x04, 0x0a, 0x02, 0x61, 0x62]);
  });

  it.each<[string, BuildStreamEvent | undefined]>([
    ['{"id":"moby.image.id","aux":{"ID":"sha256:abc"}}', { type: 'image-id', id: 'sha256:abc' }],
    ['{"aux":{"ID":"sha256:legacy"}}', { type: 'image-id', id: 'sha256:legacy' }],
    [
      '{"errorDetail":{"message":"exit code: 2"},"error":"exit code: 2"}',
      { type: 'error', message: 'exit code: 2' },
    ],
    ['{"errorDetail":{"message":"only detail"}}', { type: 'error', message: 'only detail' }],
    ['{"stream":"Successfully tagged x:1\\n"}', { type: 'log', text: 'Successfully tagged x:1\n' }],
    ['not json', { type: 'log', text: 'not json' }],
    ['{"status":"unknown shape"}', undefined],
    ['   ', undefined],
  ])('reads %s', (line, expected) => expect(parseBuildLine(line)).toEqual(expected));
});

describe('readBuildStream', () => {
  it('reports an error line even after an image id, as a failed build', async () => {
    const events: BuildStreamEvent[] = [];
    const stream = Readable.from([
      '{"id":"moby.image.id","aux":{"ID":"sha256:abc"}}\n{"stream":"x"}\n',
      '{"error":"failed to export","errorDetail":{"message":"failed to export"}}\n',
    ]);
    const result = await readBuildStream(stream, (event) => events.push(event));
    expect(result).toEqual({ imageId: 'sha256:abc', error: 'failed to export' });
    expect(events.map((e) => e.type)).toEqual(['image-id', 'log', 'error']);
  });
});
