import type { Command, Option } from 'commander';

/** What a value completes to: files, environment variable names, a fixed list, or nothing known. */
export type ValueKind =
  | { readonly kind: 'file' }
  | { readonly kind: 'variable' }
  | { readonly kind: 'choices'; readonly choices: readonly string[] }
  | { readonly kind: 'any' };

export interface CompletionOption {
  /** `-p` */
  readonly short?: string;
  /** `--plan` */
  readonly long?: string;
  readonly description: string;
  /** What its value completes to; none for a flag. */
  readonly value?: ValueKind;
  /** Whether it may be given more than once: its help says so (commander itself cannot tell). */
  readonly repeatable: boolean;
}

export interface CompletionCommand {
  readonly name: string;
  readonly description: string;
  readonly options: readonly CompletionOption[];
  /** What each operand completes to, in order. */
  readonly operands: readonly ValueKind[];
}

/** The command tree as completion scripts need it: read from commander's, so a script never drifts from it. */
export interface CompletionTree {
  readonly name: string;
  /** The root's options, accepted before and after a command. */
  readonly globals: readonly CompletionOption[];
  readonly commands: readonly CompletionCommand[];
}

/** Names a script embeds unquoted: the generator refuses anything else rather than quote it wrong. */
const SAFE = /^-{0,2}[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const safe = (word: string, what: string) => {
  if (!SAFE.test(word)) throw new Error(`completion: ${what} ${JSON.stringify(word)} is not a plain word`);
  return word;
};

/** The value an option placeholder names: `<file>` is a file, `<variable>` an environment variable. */
const PLACEHOLDER_KINDS: Record<string, ValueKind> = { file: { kind: 'file' }, variable: { kind: 'variable' } };

function optionValue(option: Option): ValueKind | undefined {
  if (!option.required && !option.optional) return undefined;
  if (option.argChoices) return { kind: 'choices', choices: option.argChoices.map((choice) => safe(choice, 'choice')) };
  const placeholder = /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1] ?? '';
  return PLACEHOLDER_KINDS[placeholder] ?? { kind: 'any' };
}

/** The first clause of a help text, without an aside if long: completion menus show one line. */
function shortDescription(text: string): string {
  const clause = text.split('; ')[0]!.trim();
  const short = clause.length > 72 ? clause.split(' (')[0]! : clause;
  return short.length > 80 ? `${short.slice(0, short.lastIndexOf(' ', 79))}...` : short;
}

const optionOf = (option: Option): CompletionOption => {
  const value = optionValue(option);
  return {
    ...(option.short ? { short: safe(option.short, 'option') } : {}),
    ...(option.long ? { long: safe(option.long, 'option') } : {}),
    description: shortDescription(option.description),
    ...(value ? { value } : {}),
    repeatable: /\brepeatable\b/.test(option.description),
  };
};

/** Reads the tree of `program` through commander's help (what `--help` shows is what completes). */
export function completionTree(program: Command): CompletionTree {
  const help = program.createHelp();
  const commands = help.visibleCommands(program);
  const commandNames = commands.map((command) => safe(command.name(), 'command'));
  return {
    name: safe(program.name(), 'program'),
    globals: help.visibleOptions(program).map(optionOf),
    commands: commands.map((command) => ({
      name: command.name(),
      description: shortDescription(command.description()),
      options: help.visibleOptions(command).map(optionOf),
      operands: command.registeredArguments.map((argument): ValueKind => {
        if (argument.argChoices)
          return { kind: 'choices', choices: argument.argChoices.map((choice) => safe(choice, 'choice')) };
        // `help [command]`: the implicit help command's operand is a command name.
        return command.name() === 'help' && argument.name() === 'command'
          ? { kind: 'choices', choices: commandNames.filter((name) => name !== 'help') }
          : { kind: 'any' };
      }),
    })),
  };
}

/** Every spelling of an option: `-p`, `--plan`. */
export const spellings = (option: CompletionOption): string[] =>
  [option.short, option.long].filter((flag): flag is string => flag !== undefined);

/** A command's own options, then the root's that it does not spell itself (it has its own --help). */
export function optionsWithGlobals(command: CompletionCommand, tree: CompletionTree): CompletionOption[] {
  const spelled = new Set(command.options.flatMap(spellings));
  return [...command.options, ...tree.globals.filter((option) => !spellings(option).some((flag) => spelled.has(flag)))];
}
