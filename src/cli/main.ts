/**
 * The `postvakt` command line. Each command group lives in `commands/<name>.ts` and exports
 * `register(program)`; this file only wires them and maps errors to exit codes:
 * 0 success, 1 findings at error level (check), 2 usage or input error.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { isInputError } from './errors.ts';
import { loadCommands } from './commands/index.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** commander's help does not say which options are required; every required option says so. */
function markRequired(command: Command): void {
  for (const option of command.options) if (option.mandatory) option.description = `${option.description} (required)`;
  command.commands.forEach(markRequired);
}

export async function main(argv: string[], parentPid = process.ppid): Promise<number> {
  const program = new Command('postvakt')
    .description('Considerate and lawful municipal mail')
    .version(version, '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.trim().split('\n')[0] + '\n') })
    .showSuggestionAfterError(true);
  let exitCode = 0;
  const setExitCode = (code: number) => {
    exitCode = Math.max(exitCode, code);
  };
  for (const register of await loadCommands(argv)) register(program, { setExitCode, parentPid });
  markRequired(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version are "errors" to commander but successes to the user.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (isInputError(err)) {
      process.stderr.write(`postvakt: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
