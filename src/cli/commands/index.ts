/**
 * Every command group of the CLI. Add a group by writing `commands/<name>.ts` that exports
 * `register` and listing it here.
 */
import type { Command } from 'commander';
import { register as calendar } from './calendar.ts';
import { register as log } from './log.ts';
import { register as migrate } from './migrate.ts';
import { register as flag } from './flag.ts';
import { register as decide } from './decide.ts';
import { register as serve } from './serve.ts';
import { register as queue } from './queue.ts';
import { register as check } from './check.ts';
import { register as user } from './user.ts';
import { register as digitalpost } from './digitalpost.ts';

export interface CommandEnv {
  /** Raise the process exit code (the highest wins), e.g. 1 for error-level findings. */
  setExitCode(code: number): void;
}

export type RegisterCommands = (program: Command, env: CommandEnv) => void;

export const commands: RegisterCommands[] = [calendar, log, migrate, flag, decide, serve, queue, check, user, digitalpost];
