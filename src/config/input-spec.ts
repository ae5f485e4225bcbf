/**
 * The shape of one entry of the inputs table (`inputs.ts`): what an input is called, says and
 * defaults to, which kind of value it takes, which Settings field it fills and which CLI flag sets it.
 */
import type { BudgetField, Budgets } from './budgets.js';
import type { Settings } from './settings.js';
import type { ValueKind } from './values.js';

/** Which subcommands take a flag: those that build, lint, compare (and check budgets), or all. */
export type FlagGroup = 'build' | 'lint' | 'compare' | 'report';

/** How an input appears as a CLI flag. */
export interface FlagSpec {
  /** Commander's flag syntax: `-c, --context <dir>`. */
  flags: string;
  /** The help line. */
  help: string;
  /** Which subcommands take it; within a group flags appear in table order. */
  group: FlagGroup;
  /** May be given several times; the values are joined one per line. */
  repeatable?: boolean;
  /** Show the input's default in the help (and pass it when the flag is absent). */
  showDefault?: boolean;
}

/** The Settings fields the table fills; budgets as `budgets.<field>`. */
export type SettingField =
  Exclude<keyof Settings, 'budgets' | 'configRequired' | 'noCache'> | `budgets.${BudgetField}`;

/** The type of value a field holds. */
export type FieldValue<F extends SettingField> = F extends `budgets.${infer B extends BudgetField}`
  ? NonNullable<Budgets[B]>
  : F extends keyof Settings
    ? NonNullable<Settings[F]>
    : never;

/** One input of the action. */
export interface InputSpec<F extends SettingField = SettingField> {
  /** Name in action.yml, kebab-case, as the runner passes it (`INPUT_<NAME>`). */
  name: string;
  /** action.yml's description, word for word. */
  description: string;
  /** The value used when the input is empty (action.yml's `default`); undefined for none. */
  default?: string;
  /** What action.yml writes as default when only the runner can supply it (`${{ github.token }}`). */
  actionDefault?: string;
  /** Its kind of value: the parser, the expected form and the allowed words. */
  kind: ValueKind<FieldValue<F>>;
  /** The Settings field it fills. */
  setting: F;
  /** The CLI flag; undefined for action-only inputs. */
  flag?: FlagSpec;
}

/** An input's long flag (`--build-arg`), or undefined for an action-only input. */
export function flagName(spec: InputSpec): string | undefined {
  return spec.flag ? /--[\w-]+/.exec(spec.flag.flags)?.[0] : undefined;
}
