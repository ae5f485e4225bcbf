/**
 * Lint findings as workflow annotations, so they show on the pull request's "Files changed" tab at the
 * line they are about. The sink is `@actions/core` in the action (`annotateFindings(findings, core)`),
 * anything with the same three functions in tests.
 */
import type { Finding, Severity } from '../report/model.js';

/** Where an annotation points; the shape of `@actions/core`'s `AnnotationProperties`. */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
}

/** The three annotation functions of `@actions/core`. */
export interface AnnotationSink {
  error(message: string, properties?: AnnotationProperties): void;
  warning(message: string, properties?: AnnotationProperties): void;
  notice(message: string, properties?: AnnotationProperties): void;
}

const KIND: Record<Severity, keyof AnnotationSink> = { error: 'error', warning: 'warning', info: 'notice' };

/** Emits one annotation per finding: error → error, warning → warning, info → notice; title = rule id. */
export function annotateFindings(findings: readonly Finding[], sink: AnnotationSink): void {
  for (const finding of findings) {
    const properties: AnnotationProperties = {
      title: finding.rule,
      file: finding.file,
      startLine: finding.line,
      endLine: finding.endLine,
    };
    // GitHub ignores a column on a multi-line annotation (and warns in the log); give it only on one line.
    if (finding.endLine === finding.line) properties.startColumn = finding.column;
    sink[KIND[finding.severity]](finding.message, properties);
  }
}
