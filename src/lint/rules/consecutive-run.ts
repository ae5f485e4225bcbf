import type { DockerfileModel, InstructionInfo } from '../../dockerfile/model.js';
import { programName, splitShell } from '../../dockerfile/shell.js';
import { shippedStages } from '../../dockerfile/stages.js';
import { workdirAt } from '../../dockerfile/workdir.js';
import type { Rule, TextEdit } from '../types.js';
import { joinRunsFix } from './support/join-runs.js';
import {
  actOnWritten,
  type FileAction,
  layerEffects,
  type LayerEffects,
  removedInstalled,
  splitIndex,
} from './support/layer-effects.js';

const SHELLS = /^(ba|da|a|z|k)?sh$/;

/** What an action does to the earlier layer's files, for the message. */
const VERBS: Record<Exclude<FileAction, 'unpacks'>, string> = {
  deletes: 'deletes',
  moves: 'moves',
  chowns: 'changes the owner of',
  chmods: 'changes the mode of',
};

/** How to fetch a package index, install and clean up in one RUN. */
const ONE_RUN: Record<string, string> = {
  apt: '`apt-get update && apt-get install -y … && rm -rf /var/lib/apt/lists/*`',
  apk: '`apk add --no-cache …` (no separate `apk update`)',
  rpm: '`dnf install -y … && dnf clean all`',
};

/**
 * Consecutive RUNs with the same flags where joining them changes the image's bytes: the later one
 * deletes, moves, re-owns, re-modes or unpacks what the earlier one wrote, removes packages it
 * installed, or installs from a package index it only fetched.
 */
export const consecutiveRun: Rule<'deletes' | 'rewrites' | 'unpacks' | 'removesPackages' | 'splitUpdate'> = {
  meta: {
    id: 'consecutive-run',
    severity: 'info',
    category: 'size',
    // Overlaps DL3059 (which skips RUNs of three or more commands) without containing it or being
    // contained; kept as an alias so `# hadolint ignore=DL3059` and `DL3059: off` still silence it.
    aliases: ['DL3059'],
    description:
      'A RUN deletes, rewrites or unpacks what the RUN just before it created, or installs from an index it fetched, so the bytes stay in two layers.',
    messages: {
      deletes:
        'This RUN deletes {{path}}, which the RUN at line {{line}} created, so those bytes still ship in that layer. Fix: join the RUNs with `&&` (or one heredoc script) so the files are deleted in the layer that creates them.',
      rewrites:
        'This RUN {{verb}} {{path}}, which the RUN at line {{line}} created, so those files are stored again in this layer. Fix: join the RUNs with `&&` (or one heredoc script) so the files are written once.',
      unpacks:
        'This RUN unpacks {{path}}, which the RUN at line {{line}} downloaded, so the archive ships in that layer next to its contents. Fix: join the RUNs and delete the archive once it is unpacked (`… && rm {{path}}`), or stream it (`curl … | tar -x`).',
      removesPackages:
        'This RUN removes {{packages}}, which the RUN at line {{line}} installed, so they still ship in that layer. Fix: join the RUNs with `&&` so the packages are removed in the layer that installs them.',
      splitUpdate:
        'This RUN installs from the package index that `{{update}}` at line {{line}} fetched into a layer of its own, where it ships and goes stale in the build cache. Fix: update, install and clean up in one RUN: {{oneRun}}.',
    },
    fixable: true,
  },
  check({ model, report }) {
    const shipped = shippedStages(model);
    for (const stage of model.stages) {
      if (!shipped.has(stage.index)) continue; // builder stages' layers are not shipped
      // The RUNs just before, nearest last, while they could be joined with the next one; what each
      // does is read only once a RUN follows it.
      let chain: Link[] = [];
      for (const instruction of stage.instructions) {
        const joinable = instruction.keyword === 'RUN' && isShellScript(model, instruction);
        if (!joinable) {
          chain = [];
          continue;
        }
        const last = chain[chain.length - 1];
        if (last && flagKey(last.instruction) !== flagKey(instruction)) chain = [];
        const link = new Link(model, instruction);
        for (let i = chain.length - 1; i >= 0; i -= 1) {
          if (reportJoin(link, chain[i] as Link, report, () => joinFix(model, chain, link, i))) break;
        }
        chain.push(link);
      }
    }
  },
};

/** A RUN of a run of RUNs, with what it does read on first use. */
class Link {
  private read?: LayerEffects;
  constructor(
    private readonly model: DockerfileModel,
    readonly instruction: InstructionInfo,
  ) {}
  get effects(): LayerEffects {
    return (this.read ??= layerEffects(this.instruction, workdirAt(this.model, this.instruction)));
  }
}

/** Reports the later RUN when joining it with `earlier` changes bytes; true when it did. */
function reportJoin(
  link: Link,
  earlier: Link,
  report: Parameters<(typeof consecutiveRun)['check']>[0]['report'],
  join: () => TextEdit[] | undefined,
): boolean {
  const { instruction, effects: later } = link;
  if (later.acts.length === 0 && later.removed.length === 0 && later.installsWith.length === 0) return false;
  const line = earlier.instruction.range.start.line + 1;
  const act = actOnWritten(later, earlier.effects);
  if (act) {
    const path = `\`${act.written}\``;
    if (act.action === 'deletes') report(instruction, 'deletes', { path, line }, join);
    else if (act.action === 'unpacks') report(instruction, 'unpacks', { path, line }, join);
    else report(instruction, 'rewrites', { verb: VERBS[act.action], path, line }, join);
    return true;
  }
  const packages = removedInstalled(later, earlier.effects);
  if (packages.length > 0) {
    report(
      instruction,
      'removesPackages',
      { packages: packages.map((p) => `\`${p}\``).join(', '), line },
      join,
    );
    return true;
  }
  const index = splitIndex(later, earlier.effects);
  if (index) {
    report(
      instruction,
      'splitUpdate',
      { update: index.label, line, oneRun: ONE_RUN[index.tool] ?? '' },
      join,
    );
    return true;
  }
  return false;
}

/**
 * The fix for a finding of `link` against `chain[index]`: joining the two RUNs, when that is the RUN
 * just before and `link` acts on nothing of the RUNs before that one (joining would only move the
 * problem there).
 */
function joinFix(
  model: DockerfileModel,
  chain: readonly Link[],
  link: Link,
  index: number,
): TextEdit[] | undefined {
  if (index !== chain.length - 1) return undefined;
  const noop = (): undefined => undefined;
  if (chain.slice(0, index).some((earlier) => reportJoin(link, earlier, noop, noop))) return undefined;
  return joinRunsFix(model, (chain[index] as Link).instruction, link.instruction);
}

/** The flags (mounts, network, security) as one comparable string. */
function flagKey(instruction: InstructionInfo): string {
  return JSON.stringify([...instruction.flags.entries()].map(([k, v]) => [k, [...v].sort()]).sort());
}

/**
 * True when the RUN is a shell script another RUN could be appended to: not an exec-form command
 * (the image may have no shell) and not a heredoc fed to another interpreter (`RUN <<EOF python3`).
 */
function isShellScript(model: DockerfileModel, instruction: InstructionInfo): boolean {
  if (instruction.jsonForm) {
    const [program = '', flag] = instruction.json ?? [];
    return SHELLS.test(program.slice(program.lastIndexOf('/') + 1)) && flag === '-c';
  }
  const heredocs = instruction.heredocNodes;
  if (heredocs.length === 0) return true;
  const head = splitShell((instruction.args.split('\n')[0] ?? '').replace(/<<-?\s*(["']?)[\w.-]+\1/g, ' '));
  if (head.some((c) => !SHELLS.test(programName(c)))) return false;
  // A shebang picks the interpreter: `#!/usr/bin/env python3` is not a shell script.
  const { lines } = model;
  return heredocs.every((h) => {
    const start = h.getContentRange()?.start.line;
    const shebang = start === undefined ? '' : (lines[start] ?? '');
    return !shebang.startsWith('#!') || /\b(ba|da|a|z|k)?sh\b/.test(shebang);
  });
}
