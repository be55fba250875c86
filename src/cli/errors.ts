/**
 * Errors that the CLI turns into one readable line and exit code 2 (usage or input error).
 * Modules throw their own error classes; the CLI lists here which of them are "the user's input
 * was wrong" rather than a bug, so a bug still shows its stack trace.
 */
import { ConfigError } from '../config/load.ts';
import { ClockError } from '../clock/clock.ts';
import { StoreError } from '../store/errors.ts';
import { CatalogError } from '../i18n/catalog-error.ts';
import type { Lang } from '../i18n/catalog.ts';

/** A command was called with arguments it cannot use. */
export class UsageError extends Error {}

const inputErrors: Array<new (...args: never[]) => Error> = [UsageError, ConfigError, ClockError, StoreError];

/** Register another module's error class as an input error (exit 2, one line). */
export function registerInputError(cls: new (...args: never[]) => Error): void {
  inputErrors.push(cls);
}

export function isInputError(err: unknown): err is Error {
  return err instanceof Error && inputErrors.some((cls) => err instanceof cls);
}

/**
 * Run a command's work so that a refusal from a module's message catalog (a taken user name, a
 * wrong queue status, an unknown flag) reaches the reader in their language: one line, exit 2.
 */
export async function inReaderLanguage<T>(lang: Lang, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof CatalogError) throw new UsageError(err.describe(lang));
    throw err;
  }
}
