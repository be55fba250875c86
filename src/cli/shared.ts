/**
 * What most commands need: the configuration (`--config`, `$POSTVAKT_CONFIG`, `./postvakt.yaml`
 * or the Danish sample), the process clock (honours `POSTVAKT_NOW`) and `--at` instants.
 */
import type { Command } from 'commander';
import { loadConfig, resolveConfigPath, type LoadedConfig } from '../config/load.ts';
import { clockFromEnv, parseInstant, type Clock } from '../clock/clock.ts';

/** Add the common `--config FILE` option to a command. */
export function withConfigOption(command: Command): Command {
  return command.option('--config <file>', 'configuration file (default: ./postvakt.yaml or the Danish sample)');
}

export function cliConfig(opts: { config?: string }): LoadedConfig {
  return loadConfig(resolveConfigPath(opts.config));
}

/** The instant a command evaluates at: `--at ISO`, else the process clock. */
export function cliInstant(opts: { at?: string }, clock: Clock = clockFromEnv()): Date {
  return opts.at !== undefined ? parseInstant(opts.at) : clock.now();
}

/** Print JSON the same way everywhere: one document, two-space indent, trailing newline. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
