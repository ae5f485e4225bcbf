import { describe, expect, it } from '@jest/globals';
import { BuildFailedError } from '../src/docker/build-error.js';
import { policyProblems } from '../src/outcome.js';
import { createReport, type Finding, type ImageReport } from '../src/report/model.js';
import { parseSettings } from '../src/config/settings.js';

const finding = (severity: Finding['severity']): Finding => ({
  rule: 'apt-lists-not-removed',
  aliases: ['DL3009'],
  severity,
  file: 'Dockerfile',
  line: 3,
  endLine: 3,
  column: 1,
  message: 'apt lists are left in this layer',
});

const image = (budget: ImageReport['budget']): ImageReport => ({
  name: 'api',
  dockerfile: 'Dockerfile',
  context: '.',
  target: null,
  head: null,
  base: null,
  baseline: { source: 'none', reason: 'not compared' },
  delta: null,
  layerChanges: [],
  baseImageChange: null,
  budget,
  buildSteps: [],
  buildContext: null,
});

describe('policyProblems', () => {
  const settings = (failOn = 'error') => parseSettings({ 'fail-on': failOn }, '/repo');

  it('passes a clean report', () => {
    expect(policyProblems(createReport('0'), settings())).toEqual([]);
  });

  it('fails on findings at or above fail-on only', () => {
    const report = createReport('0');
    report.findings = [finding('warning'), finding('info')];
    expect(policyProblems(report, settings('error'))).toEqual([]);
    expect(policyProblems(report, settings('warning'))).toEqual([
      '1 lint finding at or above fail-on "warning".',
    ]);
    expect(policyProblems(report, settings('info'))).toEqual(['2 lint findings at or above fail-on "info".']);
    expect(policyProblems(report, settings('none'))).toEqual([]);
  });

  it('fails on a failed budget and says how to accept it; an overridden one passes', () => {
    const report = createReport('0');
    const violation = {
      budget: 'max-size',
      limit: 1,
      actual: 2,
      message: 'size 2 B is over the 1 B budget by 1 B',
    };
    report.images = [image({ status: 'fail', violations: [violation] })];
    expect(policyProblems(report, settings())).toEqual([
      'api is over budget: size 2 B is over the 1 B budget by 1 B (max-size). To accept the growth, add the label "docker-diet:allow-growth" to the pull request.',
    ]);
    report.images = [
      image({ status: 'warn', violations: [violation], overriddenBy: 'docker-diet:allow-growth' }),
    ];
    expect(policyProblems(report, settings())).toEqual([]);
  });

  it('fails on a build failure with its message', () => {
    const error = new BuildFailedError(
      { logTail: [], engineMessage: 'exit code: 3', steps: [] },
      'Build failed at Dockerfile:4',
    );
    expect(policyProblems(createReport('0'), settings(), error)).toEqual(['Build failed at Dockerfile:4']);
  });
});
