import { describe, expect, it } from '@jest/globals';
import {
  annotateFindings,
  type AnnotationProperties,
  type AnnotationSink,
} from '../../src/publish/annotations.js';
import type { Finding } from '../../src/report/model.js';

const finding = (overrides: Partial<Finding>): Finding => ({
  rule: 'apt-lists-not-removed',
  aliases: ['DL3009'],
  severity: 'warning',
  file: 'services/api/Dockerfile',
  line: 4,
  endLine: 4,
  column: 3,
  message: 'apt lists are left in this layer',
  ...overrides,
});

/** A sink that records calls as `[kind, message, properties]`. */
function recorder(): { sink: AnnotationSink; calls: [string, string, AnnotationProperties | undefined][] } {
  const calls: [string, string, AnnotationProperties | undefined][] = [];
  const record = (kind: string) => (message: string, properties?: AnnotationProperties) =>
    void calls.push([kind, message, properties]);
  return { sink: { error: record('error'), warning: record('warning'), notice: record('notice') }, calls };
}

describe('annotateFindings', () => {
  it('maps error → error, warning → warning, info → notice, titled with the rule id', () => {
    const { sink, calls } = recorder();
    annotateFindings(
      [
        finding({
          severity: 'error',
          rule: 'dockerfile-syntax',
          message: 'no FROM',
          line: 1,
          endLine: 1,
          column: 1,
        }),
        finding({}),
        finding({
          severity: 'info',
          rule: 'numeric-stage-reference',
          message: 'by number',
          line: 9,
          endLine: 9,
        }),
      ],
      sink,
    );
    expect(calls).toEqual([
      [
        'error',
        'no FROM',
        {
          title: 'dockerfile-syntax',
          file: 'services/api/Dockerfile',
          startLine: 1,
          endLine: 1,
          startColumn: 1,
        },
      ],
      [
        'warning',
        'apt lists are left in this layer',
        {
          title: 'apt-lists-not-removed',
          file: 'services/api/Dockerfile',
          startLine: 4,
          endLine: 4,
          startColumn: 3,
        },
      ],
      [
        'notice',
        'by number',
        {
          title: 'numeric-stage-reference',
          file: 'services/api/Dockerfile',
          startLine: 9,
          endLine: 9,
          startColumn: 3,
        },
      ],
    ]);
  });

  it('leaves the column out of a multi-line annotation (GitHub rejects it there)', () => {
    const { sink, calls } = recorder();
    annotateFindings([finding({ line: 4, endLine: 7 })], sink);
    expect(calls[0]?.[2]).toEqual({
      title: 'apt-lists-not-removed',
      file: 'services/api/Dockerfile',
      startLine: 4,
      endLine: 7,
    });
  });

  it('emits nothing for no findings', () => {
    const { sink, calls } = recorder();
    annotateFindings([], sink);
    expect(calls).toEqual([]);
  });
});
