import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { EXIT_CODES } from '../exit-codes.js';
import { bashCompletion } from './bash-completion.js';
import { completionTree } from './completion-tree.js';
import { fishCompletion } from './fish-completion.js';
import { zshCompletion } from './zsh-completion.js';

const SCRIPTS = { bash: bashCompletion, zsh: zshCompletion, fish: fishCompletion } as const;

/** `dbpass completion <shell>`: prints the script completing the program's commands and options in that shell. */
export async function completionCommand(shell: keyof typeof SCRIPTS, program: Command, io: CliIo): Promise<number> {
  io.stdout(SCRIPTS[shell](completionTree(program)));
  return EXIT_CODES.ok;
}
