/**
 * The `docker-diet` command: the same steps as the action, driven by flags, printing the report.
 * Exit codes: 0 ok, 1 policy failure (findings at/over --fail-on, budget exceeded, build failed),
 * 2 usage or environment error.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { addInputFlags, rawInputsFromFlags } from './config/cli-flags.js';
import { parseSettings } from './config/settings.js';
import { loadConfigFile } from './config/config-file.js';
import { resolveRunConfig } from './config/image-entries.js';
import { inputSpec } from './config/inputs.js';
import { discoverImages, renderImagesText, toMatrix } from './discover/images.js';
import { ExitCode } from './constants.js';
import { HISTORY_LIMIT } from './compare/history.js';
import { HISTORY_FORMATS, runHistoryCommand, type HistoryCommandOptions } from './compare/history-command.js';
import {
  plainProgressPrinter,
  ttyProgressDisplay,
  type ProgressDisplay,
} from './docker/build-progress-display.js';
import { createDockerClient, type DockerClient } from './docker/client.js';
import { DietError, bugNote, describeError, errorDetails, isBug } from './errors.js';
import { runFixCommand } from './lint/fix-command.js';
import { describeRules, renderRulesText } from './lint/rule-catalog.js';
import { RULES } from './lint/rules/index.js';
import { createStreamLogger } from './logger.js';
import { defaultLayerCacheDir } from './measure/layer-cache.js';
import { runPipeline, type PipelineSteps } from './pipeline.js';
import { renderMarkdown } from './report/markdown.js';
import { policyProblems } from './outcome.js';
import type { Report } from './report/model.js';
import { renderSarif } from './report/sarif.js';
import { renderText } from './report/text.js';
import { redactingStream } from './secrets/redacting-stream.js';
import { redactorFor } from './secrets/run-secrets.js';
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

/** The CLI-only flags; the flags that mirror inputs are read through `rawInputsFromFlags`. */
interface CliOptions {
  /** False under `--no-cache`. */
  cache?: boolean;
  /** `--format`: how the report is rendered. */
  format: Format;
  /** `--output`: a file to write the report to instead of stdout. */
  output?: string;
  /** `--json`: a file to write the JSON report to as well, whatever `--format` is. */
  json?: string;
  /** `--quiet`: no progress on stderr. */
  quiet?: boolean;
}

/** Adds the flags that mirror the action's inputs (from the table) and the CLI's own. */
function addOptions(command: Command, which: { build: boolean; lint: boolean; compare: boolean }): Command {
  if (which.build) {
    addInputFlags(command, 'build').option('--no-cache', 'build without the build cache (head and base)');
  }
  if (which.lint) addInputFlags(command, 'lint');
  if (which.compare) addInputFlags(command, 'compare');
  command
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--json <file>', 'also write the JSON report to this file (e.g. beside --format markdown)');
  return addInputFlags(command, 'report').option('-q, --quiet', 'no progress on stderr');
}

/** A live display on a terminal, `--progress=plain`-style lines otherwise. */
function progressDisplay(stream: NodeJS.WritableStream): ProgressDisplay {
  return (stream as NodeJS.WriteStream).isTTY
    ? ttyProgressDisplay(stream as NodeJS.WriteStream)
    : plainProgressPrinter((line) => stream.write(`${line}\n`));
}

async function execute(
  io: CliIo,
  opts: Record<string, unknown>,
  stages: PipelineSteps,
  lintPaths: string[] = [],
): Promise<number> {
  const options = opts as unknown as CliOptions;
  const raw = rawInputsFromFlags(opts);
  // `docker-diet lint [paths...]`: the paths are linted as if given with --lint.
  if (lintPaths.length > 0) raw.lint = [raw.lint, ...lintPaths].filter(Boolean).join('\n');
  // The config file's `images:` entry of this name fills the image flags left unset.
  const { settings: resolved, config } = await resolveRunConfig(
    parseSettings(raw, io.cwd, 'flag', io.env),
    io.cwd,
    io.env,
  );
  // Commander turns `--no-cache` into `cache: false`.
  const settings = { ...resolved, noCache: options.cache === false };
  // Everything printed from here on (progress, log lines, the report) hides build-arg values.
  const redactor = redactorFor(settings, io.env);
  const stdout = redactingStream(io.stdout, redactor);
  const stderr = redactingStream(io.stderr, redactor);
  const log = createStreamLogger(stderr, options.quiet);
  const { report, buildError } = await runPipeline(
    settings,
    {
      docker: io.docker ?? (() => createDockerClient(io.env, { builder: settings.builder })),
      log,
      workspace: io.cwd,
      progress: options.quiet ? undefined : () => progressDisplay(stderr),
      redactor,
      config,
      layerCacheDir: defaultLayerCacheDir(io.env, false),
    },
    stages,
  );
  const rendered = renderReport(report, options.format, wantsColor(io, options.output !== undefined));
  if (options.output) {
    await fs.writeFile(path.resolve(io.cwd, options.output), rendered);
  } else {
    stdout.write(rendered);
  }
  if (settings.sarif) await fs.writeFile(settings.sarif, renderReport(report, 'sarif'));
  if (options.json) {
    const file = path.resolve(io.cwd, options.json);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, renderReport(report, 'json'));
  }

  const problems = policyProblems(report, settings, buildError);
  for (const problem of problems) stderr.write(`docker-diet: ${problem}\n`);
  return problems.length > 0 ? ExitCode.PolicyFailure : ExitCode.Ok;
}

/** Builds the command tree; actions report their exit code through `setCode`. */
export function buildProgram(io: CliIo, setCode: (code: number) => void): Command {
  const program = new Command('docker-diet')
    .description(
      'Lint Dockerfiles for image-size practices, build with BuildKit, measure every layer and compare.',
    )
    .version(VERSION)
    .option('--debug', 'on an error, print its stack trace to stderr')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride();

  const run = (stages: PipelineSteps) =>
    async function (this: Command, ...args: unknown[]) {
      const lintPaths = Array.isArray(args[0]) ? (args[0] as string[]) : undefined;
      setCode(await execute(io, this.opts(), stages, lintPaths));
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
    .command('fix')
    .description(
      "apply the lint rules' mechanical fixes in place (paths or globs; default: what `lint` lints)",
    )
    .argument('[paths...]', 'Dockerfiles or globs')
    .option('--diff', 'print a unified diff and change nothing; exit 1 when something would change')
    .option(
      '--rule <id>',
      'only fix this rule (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option('--config <file>', 'config file', '.docker-diet.yml')
    .action(async function (this: Command, paths: string[]) {
      const opts = this.opts<{ diff?: boolean; rule: string[]; config: string }>();
      const raw = { ...rawInputsFromFlags(opts), lint: paths.join('\n') };
      const settings = parseSettings(raw, io.cwd, 'flag', io.env);
      setCode(await runFixCommand(settings, io, { diff: opts.diff === true, rules: opts.rule }));
    });

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

  program
    .command('history')
    .description(
      'the stored sizes (git notes of runs with --store) along the first-parent history: commit, date, size, Δ, pull size',
    )
    .option('--name <name>', 'only this image name (default: every name found)')
    .option('--ref <ref>', 'whose first-parent history', 'HEAD')
    .option('--limit <n>', 'commits with a stored size per image name', String(HISTORY_LIMIT))
    .addOption(new Option('--format <format>', 'output format').choices(HISTORY_FORMATS).default('text'))
    .action(async function (this: Command) {
      setCode(await runHistoryCommand(io, this.opts<HistoryCommandOptions>()));
    });

  program
    .command('images')
    .description(
      'list the buildable images (the config file\'s images:, then one per other Dockerfile, its folder as context) as a {"include": [...]} matrix',
    )
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'text']).default('json'))
    .option('--config <file>', 'config file (its images: are listed, its ignore-paths left out)')
    .action(async function (this: Command) {
      const { format, config } = this.opts<{ format: 'json' | 'text'; config?: string }>();
      const file = config ?? inputSpec('config').default ?? '.docker-diet.yml';
      // Only a file the user named must exist, as for the other subcommands.
      const configFile = await loadConfigFile(
        path.resolve(io.cwd, file),
        config !== undefined,
        file,
        undefined,
        io.cwd,
      );
      const images = await discoverImages({
        workspace: io.cwd,
        ignorePaths: configFile.ignorePaths,
        configured: configFile.images,
        configLabel: file,
      });
      // One line of JSON: it goes straight into $GITHUB_OUTPUT as `matrix=…`.
      io.stdout.write(format === 'json' ? `${JSON.stringify(toMatrix(images))}\n` : renderImagesText(images));
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
    // Not a problem the user can fix: say so; the stack is for a bug report. DOCKER_DIET_DEBUG is the
    // older spelling of --debug.
    if (isBug(error)) io.stderr.write(`docker-diet: ${bugNote('run again with --debug')}\n`);
    if (program.opts<{ debug?: boolean }>().debug || io.env.DOCKER_DIET_DEBUG) {
      io.stderr.write(`${errorDetails(error)}\n`);
    }
    return error instanceof DietError ? error.exitCode : ExitCode.UsageOrEnvironment;
  }
}
