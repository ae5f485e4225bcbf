/**
 * The `docker-diet` command: the same steps as the action, driven by flags, printing the report.
 * Exit codes: 0 ok, 1 policy failure (findings at/over --fail-on, budget exceeded, build failed),
 * 2 usage or environment error.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { Defaults, ExitCode, Inputs } from './constants.js';
import {
  plainProgressPrinter,
  ttyProgressDisplay,
  type ProgressDisplay,
} from './docker/build-progress-display.js';
import { createDockerClient, type DockerClient } from './docker/client.js';
import { DietError, describeError } from './errors.js';
import { describeRules, renderRulesText } from './lint/rule-catalog.js';
import { RULES } from './lint/rules/index.js';
import { createStreamLogger } from './logger.js';
import { runPipeline, type PipelineSteps } from './pipeline.js';
import { renderMarkdown } from './report/markdown.js';
import { policyProblems } from './outcome.js';
import type { Report } from './report/model.js';
import { renderSarif } from './report/sarif.js';
import { renderText } from './report/text.js';
import { parseSettings, type RawInputs } from './settings.js';
import { VERSION } from './version.js';

/** Output formats of every subcommand. */
export const FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Engine client factory; the real one by default. */
  docker?: () => DockerClient;
}

/** Renders a report in one of the formats; `color` only affects text. */
export function renderReport(report: Report, format: Format, color = false): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'markdown':
      return renderMarkdown(report);
    case 'sarif':
      return `${JSON.stringify(renderSarif(report), null, 2)}\n`;
    case 'text':
      return renderText(report, { color });
  }
}

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
function wantsColor(io: CliIo, toFile: boolean): boolean {
  return !toFile && (io.stdout as { isTTY?: boolean }).isTTY === true && !io.env.NO_COLOR;
}

interface CommonOptions {
  cache?: boolean;
  context?: string;
  dockerfile?: string;
  target?: string;
  buildArg: string[];
  platform?: string;
  image?: string;
  lint: string[];
  failOn?: string;
  config?: string;
  baseRef?: string;
  baseImage?: string;
  compare?: string;
  maxSize?: string;
  maxCompressedSize?: string;
  maxIncrease?: string;
  maxWasted?: string;
  name?: string;
  sarif?: string;
  format: Format;
  output?: string;
  quiet?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Adds the flags that mirror the action's inputs; `which` picks the groups a subcommand takes. */
function addOptions(command: Command, which: { build: boolean; lint: boolean; compare: boolean }): Command {
  if (which.build) {
    command
      .option('-c, --context <dir>', 'build context directory', Defaults.context)
      .option('-f, --dockerfile <path>', 'Dockerfile to build (default: <context>/Dockerfile)')
      .option('--target <stage>', 'build stage to stop at')
      .option('--build-arg <KEY=VALUE>', 'build argument (repeatable)', collect, [])
      .option('--platform <os/arch>', 'target platform, e.g. linux/amd64')
      .option('--image <ref>', 'measure this already-built image instead of building')
      .option('--name <name>', "the image's name in the report (default: from the Dockerfile path)")
      .option('--no-cache', 'build without the build cache (head and base)');
  }
  if (which.lint) {
    command
      .option(
        '--lint <glob>',
        'Dockerfiles to lint (repeatable; default: every Dockerfile in the repo)',
        collect,
        [],
      )
      .addOption(
        new Option('--fail-on <level>', 'lowest finding severity that fails').choices([
          'error',
          'warning',
          'info',
          'none',
        ]),
      )
      .option('--config <file>', 'config file', Defaults.config);
  }
  if (which.compare) {
    command
      .option('--base-ref <ref>', 'git ref to compare against')
      .option('--base-image <ref>', 'registry image to compare against without building')
      .addOption(
        new Option('--compare <mode>', 'how to get a baseline').choices([
          'auto',
          'build',
          'registry',
          'none',
        ]),
      )
      .option('--max-size <size>', 'fail over this size, e.g. 150MB')
      .option('--max-compressed-size <size>', 'fail over this compressed (pull) size')
      .option('--max-increase <size|percent>', 'fail when growing more than this, e.g. 10MB or 5%')
      .option('--max-wasted <size|percent>', 'fail over this many wasted bytes');
  }
  return command
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--sarif <file>', 'also write SARIF to this file')
    .option('-q, --quiet', 'no progress on stderr');
}

function toRawInputs(options: CommonOptions, lintPaths: string[] = []): RawInputs {
  return {
    [Inputs.Context]: options.context,
    [Inputs.Dockerfile]: options.dockerfile,
    [Inputs.Target]: options.target,
    [Inputs.BuildArgs]: (options.buildArg ?? []).join('\n'),
    [Inputs.Platform]: options.platform,
    [Inputs.Image]: options.image,
    [Inputs.Lint]: [...(options.lint ?? []), ...lintPaths].join('\n'),
    [Inputs.FailOn]: options.failOn,
    [Inputs.Config]: options.config === Defaults.config ? undefined : options.config,
    [Inputs.BaseRef]: options.baseRef,
    [Inputs.BaseImage]: options.baseImage,
    [Inputs.Compare]: options.compare,
    [Inputs.MaxSize]: options.maxSize,
    [Inputs.MaxCompressedSize]: options.maxCompressedSize,
    [Inputs.MaxIncrease]: options.maxIncrease,
    [Inputs.MaxWasted]: options.maxWasted,
    [Inputs.Name]: options.name,
    [Inputs.Sarif]: options.sarif,
  };
}

/** A live display on a terminal, `--progress=plain`-style lines otherwise. */
function progressDisplay(stream: NodeJS.WritableStream): ProgressDisplay {
  return (stream as NodeJS.WriteStream).isTTY
    ? ttyProgressDisplay(stream as NodeJS.WriteStream)
    : plainProgressPrinter((line) => stream.write(`${line}\n`));
}

async function execute(
  io: CliIo,
  options: CommonOptions,
  stages: PipelineSteps,
  lintPaths?: string[],
): Promise<number> {
  const settings = {
    ...parseSettings(toRawInputs(options, lintPaths), io.cwd, 'flag', io.env),
    // Commander turns `--no-cache` into `cache: false`.
    noCache: options.cache === false,
  };
  const log = createStreamLogger(io.stderr, options.quiet);
  const { report, buildError } = await runPipeline(
    settings,
    {
      docker: io.docker ?? (() => createDockerClient(io.env)),
      log,
      workspace: io.cwd,
      progress: options.quiet ? undefined : () => progressDisplay(io.stderr),
    },
    stages,
  );
  const rendered = renderReport(report, options.format, wantsColor(io, options.output !== undefined));
  if (options.output) {
    await fs.writeFile(path.resolve(io.cwd, options.output), rendered);
  } else {
    io.stdout.write(rendered);
  }
  if (settings.sarif) await fs.writeFile(settings.sarif, renderReport(report, 'sarif'));

  const problems = policyProblems(report, settings, buildError);
  for (const problem of problems) io.stderr.write(`docker-diet: ${problem}\n`);
  return problems.length > 0 ? ExitCode.PolicyFailure : ExitCode.Ok;
}

/** Builds the command tree; actions report their exit code through `setCode`. */
export function buildProgram(io: CliIo, setCode: (code: number) => void): Command {
  const program = new Command('docker-diet')
    .description(
      'Lint Dockerfiles for image-size practices, build with BuildKit, measure every layer and compare.',
    )
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride();

  const run = (stages: PipelineSteps) =>
    async function (this: Command, ...args: unknown[]) {
      const lintPaths = Array.isArray(args[0]) ? (args[0] as string[]) : undefined;
      setCode(await execute(io, this.opts<CommonOptions>(), stages, lintPaths));
    };

  addOptions(
    program
      .command('lint')
      .description(
        'lint Dockerfiles without building (paths or globs; default: every Dockerfile in the repo)',
      )
      .argument('[paths...]', 'Dockerfiles or globs'),
    { build: false, lint: true, compare: false },
  ).action(run({ lint: true, measure: false, compare: false }));

  addOptions(program.command('measure').description('build (or take --image) and measure one image'), {
    build: true,
    lint: false,
    compare: false,
  }).action(run({ lint: false, measure: true, compare: false }));

  addOptions(
    program.command('compare').description('measure the image and compare it with the base ref or image'),
    {
      build: true,
      lint: false,
      compare: true,
    },
  ).action(run({ lint: false, measure: true, compare: true }));

  addOptions(
    program
      .command('run')
      .description('lint, build, measure, compare and check budgets: what the action does'),
    {
      build: true,
      lint: true,
      compare: true,
    },
  ).action(run({ lint: true, measure: true, compare: true }));

  program
    .command('rules')
    .description('list every lint rule: id, severity, category, hadolint code, default, docs')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(function (this: Command) {
      const { format } = this.opts<{ format: 'text' | 'json' }>();
      io.stdout.write(
        format === 'json' ? `${JSON.stringify(describeRules(RULES), null, 2)}\n` : renderRulesText(RULES),
      );
      setCode(ExitCode.Ok);
    });

  // The top-level --help documents every subcommand's flags too, generated so it cannot drift.
  program.addHelpText('after', () =>
    [
      '',
      'Exit codes: 0 ok, 1 policy failure (findings at/over --fail-on, budget exceeded, build failed),',
      '2 usage or environment error (bad flag, missing file, no Docker engine).',
      ...program.commands
        .filter((command) => command.name() !== 'help')
        .map((command) => `\n${command.helpInformation().trimEnd()}`),
      '',
    ].join('\n'),
  );

  for (const command of program.commands) {
    command.exitOverride().configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  }
  return program;
}

/** Runs the CLI with `argv` (without the node and script paths) and returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let code: number = ExitCode.Ok;
  const program = buildProgram(io, (c) => (code = c));
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return ExitCode.UsageOrEnvironment;
    }
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.UsageOrEnvironment;
    }
    io.stderr.write(`docker-diet: ${describeError(error)}\n`);
    if (!(error instanceof DietError)) {
      // Not a problem the user can fix: say so, keep the stack for a bug report.
      io.stderr.write('docker-diet: this is a bug; set DOCKER_DIET_DEBUG=1 for details and report it.\n');
      if (io.env.DOCKER_DIET_DEBUG) io.stderr.write(`${(error as Error).stack}\n`);
      return ExitCode.UsageOrEnvironment;
    }
    return error.exitCode;
  }
}
