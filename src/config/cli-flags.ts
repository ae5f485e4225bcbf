/**
 * The CLI flags that mirror the action's inputs, made from the table of inputs, and their parsed
 * values mapped back to raw inputs for `parseSettings`. CLI-only flags (`--format`, `--no-cache`, …)
 * stay in `cli.ts`.
 */
import { Option, type Command } from 'commander';
import type { FlagGroup, FlagSpec, InputSpec } from './input-spec.js';
import { INPUTS, type RawInputs } from './inputs.js';

/** An input that has a CLI flag. */
type FlaggedInput = InputSpec & { flag: FlagSpec };

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** The inputs with a flag, in table order. */
function flaggedInputs(): FlaggedInput[] {
  return (INPUTS as readonly InputSpec[]).filter((spec): spec is FlaggedInput => spec.flag !== undefined);
}

/** The commander option for an input's flag: its choices, default and repetition from the table. */
function flagOption(spec: FlaggedInput): Option {
  const option = new Option(spec.flag.flags, spec.flag.help);
  if (spec.kind.allowed) option.choices(spec.kind.allowed);
  if (spec.flag.repeatable) option.argParser(collect).default([]);
  else if (spec.flag.showDefault && spec.default !== undefined) option.default(spec.default);
  return option;
}

/** Adds the flags of one group to a subcommand, in table order. */
export function addInputFlags(command: Command, group: FlagGroup): Command {
  for (const spec of flaggedInputs()) {
    if (spec.flag.group === group) command.addOption(flagOption(spec));
  }
  return command;
}

/**
 * Maps a subcommand's parsed options back to raw inputs: a repeated flag becomes one value per line.
 * Flags the subcommand does not take are simply absent.
 */
export function rawInputsFromFlags(options: Readonly<Record<string, unknown>>): RawInputs {
  const raw: RawInputs = {};
  for (const spec of flaggedInputs()) {
    const value = options[new Option(spec.flag.flags).attributeName()];
    const name = spec.name as keyof RawInputs;
    if (Array.isArray(value)) raw[name] = value.join('\n');
    else if (typeof value === 'string') raw[name] = value;
    // A switch (`--store`) is true when given; absent, the input's default applies.
    else if (value === true) raw[name] = 'true';
  }
  return raw;
}
