/**
 * `postvakt config print`: the configuration `serve` would run with — the file over its sample,
 * with the environment overrides applied and defaults filled in — secrets hidden, so it can be
 * pasted into a ticket.
 */
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { cliConfig, printJson, withConfigOption } from '../shared.ts';
import type { RegisterCommands } from './index.ts';

const HIDDEN = '(hidden)';

/** Passwords, hashes, tokens and secrets by key name (`…Env` names a variable, not a secret); a password in a URL. */
export function hideSecrets(value: unknown, key = ''): unknown {
  if (/password|secret|token|hash/i.test(key) && !/Env$/.test(key)) return HIDDEN;
  if (Array.isArray(value)) return value.map((item) => hideSecrets(item));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hideSecrets(v, k)]));
  }
  if (typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]*@/i.test(value)) {
    return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@\s]*):[^/@\s]*@/i, `$1:${HIDDEN}@`);
  }
  return value;
}

export const register: RegisterCommands = (program: Command) => {
  const config = program.command('config').description('the configuration');
  withConfigOption(config.command('print'))
    .description('print the effective configuration (file, its sample, environment, defaults) with secrets hidden')
    .option('--json', 'print JSON')
    .action((opts: { config?: string; json?: boolean }) => {
      const loaded = cliConfig(opts);
      const effective = hideSecrets(loaded.config);
      if (opts.json) return printJson(effective);
      const origin = [
        `# ${loaded.path}`,
        ...(loaded.base ? [`# extends ${loaded.base}`] : []),
        ...(loaded.overrides.length ? [`# environment: ${loaded.overrides.join(', ')}`] : []),
      ];
      process.stdout.write(`${origin.join('\n')}\n${stringify(effective)}`);
    });
};
