/**
 * Every command group of the CLI, by the name of its top-level command. Add a group by writing
 * `commands/<name>.ts` that exports `register` and listing it here. Groups are imported only
 * when asked for: `serve` pulls in the whole service, and loading all of it cost every short
 * command (`check`, `queue release`) seconds of start-up.
 */
import type { Command } from 'commander';

export interface CommandEnv {
  /** Raise the process exit code (the highest wins), e.g. 1 for error-level findings. */
  setExitCode(code: number): void;
  /** The process's parent when it started (`serve` stops when npm, its starter, exits). */
  parentPid: number;
}

export type RegisterCommands = (program: Command, env: CommandEnv) => void;

type Loader = () => Promise<{ register: RegisterCommands }>;

export const commandGroups: Record<string, Loader> = {
  calendar: () => import('./calendar.ts'),
  config: () => import('./config.ts'),
  log: () => import('./log.ts'),
  migrate: () => import('./migrate.ts'),
  flag: () => import('./flag.ts'),
  decide: () => import('./decide.ts'),
  serve: () => import('./serve.ts'),
  queue: () => import('./queue.ts'),
  check: () => import('./check.ts'),
  user: () => import('./user.ts'),
  digitalpost: () => import('./digitalpost.ts'),
  replies: () => import('./replies.ts'),
  records: () => import('./records.ts'),
  requests: () => import('./requests.ts'),
  backup: () => import('./backup.ts'),
  restore: () => import('./restore.ts'),
};

/** The groups needed for these arguments: the one named first, or all (help, a typo to suggest for). */
export async function loadCommands(argv: string[]): Promise<RegisterCommands[]> {
  const name = argv.find((arg) => !arg.startsWith('-'));
  const wanted = name !== undefined && Object.hasOwn(commandGroups, name) ? [commandGroups[name]!] : Object.values(commandGroups);
  return (await Promise.all(wanted.map((load) => load()))).map((group) => group.register);
}
