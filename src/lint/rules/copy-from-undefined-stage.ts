import { resolveStageRef } from '../../dockerfile/model.js';
import type { Rule } from '../types.js';

/** Official images whose bare name is a common `--from` source, even next to a stage named like them. */
const COMMON_IMAGES = new Set(
  (
    'alpine busybox debian ubuntu fedora centos amazonlinux nginx httpd caddy traefik haproxy node python ' +
    'golang rust ruby php perl openjdk eclipse-temurin maven gradle composer docker redis postgres mysql ' +
    'mariadb mongo memcached rabbitmq tomcat erlang elixir gcc bash buildpack-deps registry'
  ).split(' '),
);

/** Levenshtein distance, stopping early above `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(
        Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + cost),
      );
    }
    previous = row;
  }
  return previous[b.length] as number;
}

/**
 * `COPY --from=buidl` next to a stage `build`, or `COPY --from=3` with three stages: a reference meant
 * for a stage that names none. A bare word that is no near miss stays silent: it may be an image
 * (`--from=nginx`) or a named build context (`--build-context`).
 */
export const copyFromUndefinedStage: Rule<'typo' | 'index' | 'later'> = {
  meta: {
    id: 'copy-from-undefined-stage',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3022'],
    description:
      '`COPY --from` names a stage that is not defined before it (a later stage, a near miss or an index too high).',
    messages: {
      typo: '`COPY --from={{ref}}` names no stage; the stage `{{stage}}` (line {{line}}) is a near miss. As it is, the builder pulls an image called `{{ref}}` (or fails). Fix: `--from={{stage}}`.',
      later:
        '`COPY --from={{ref}}` names the stage `{{stage}}`, which is defined later (line {{line}}): a stage can only copy from stages before it, and the builder stops ("cannot copy from stage … it needs to be defined before current stage"). Fix: move the stage `{{stage}}` above this one.',
      index:
        '`COPY --from={{ref}}` refers to stage number {{ref}}, but only stages 0 to {{last}} come before it, so the builder looks for an image called `{{ref}}` and fails. Fix: use the name of the stage meant.',
    },
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'COPY') continue;
        for (const ref of instruction.flags.get('from') ?? []) {
          if (ref.includes('$') || /[/:.@]/.test(ref)) continue;
          if (resolveStageRef(model, ref, stage.index) !== undefined) continue;
          const lower = ref.toLowerCase();
          if (/^\d+$/.test(lower)) {
            // Its own index is copy-from-own-stage's finding.
            if (Number(lower) !== stage.index && stage.index > 0)
              report(instruction, 'index', { ref, last: stage.index - 1 });
            continue;
          }
          // A stage by that name defined later: the builder refuses it. This one: copy-from-own-stage.
          const later = model.stages.find((s) => s.index > stage.index && s.name === lower);
          if (later && stage.name !== lower) {
            report(instruction, 'later', {
              ref,
              stage: lower,
              line: later.fromInstruction.range.start.line + 1,
            });
            continue;
          }
          if (model.stages.some((s) => s.name === lower)) continue;
          // An image named in a FROM of the file, or a common official image, is most likely meant.
          if (lower.length < 4 || COMMON_IMAGES.has(lower)) continue;
          if (model.stages.some((s) => s.from.name === lower)) continue;
          const near = model.stages.find(
            (s) =>
              s.index < stage.index &&
              s.name !== undefined &&
              s.name.length >= 4 &&
              distance(lower, s.name, 2) <= (s.name.length >= 6 ? 2 : 1),
          );
          if (near?.name)
            report(instruction, 'typo', {
              ref,
              stage: near.name,
              line: near.fromInstruction.range.start.line + 1,
            });
        }
      }
    }
  },
};
