/**
 * `postvakt notices set|show` (BK-10): whether a person gets Postvakt's notices at once or in a
 * digest at chosen local times. People set it themselves in the web app; this is the
 * administrator's way.
 */
import type { Lang } from '../../i18n/catalog.ts';
import { translate } from '../../i18n/catalog.ts';
import { clockFromEnv } from '../../clock/clock.ts';
import { openStore } from '../../store/db.ts';
import { noticePreferences, parseDigestTimes, setNoticePreference } from '../../notices/delivery.ts';
import { messages } from '../../notices/messages.ts';
import { inReaderLanguage, UsageError } from '../errors.ts';
import { cliConfig, printJson, withConfigOption } from '../shared.ts';
import { terminalLang } from './calendar.ts';
import type { RegisterCommands } from './index.ts';

export const register: RegisterCommands = (program) => {
  const notices = program.command('notices').description('notices at set times: immediate or a digest (BK-10)');

  withConfigOption(notices.command('set').description('choose immediate notices or a digest at set times for a person'))
    .requiredOption('--address <address>', 'the person’s mail address')
    .option('--immediate', 'every notice at once (the default)')
    .option('--digest <times>', 'a digest at these local times, e.g. 08:00,13:00')
    .action(async (opts: { config?: string; address: string; immediate?: boolean; digest?: string }) => {
      const { config } = cliConfig(opts);
      const lang = terminalLang(config.municipality.language as Lang);
      if (!opts.immediate === !opts.digest) throw new UsageError(translate(messages, lang, 'preferenceEither'));
      const pref = opts.digest ? { mode: 'digest' as const, times: await inReaderLanguage(lang, async () => parseDigestTimes(opts.digest!)) } : { mode: 'immediate' as const, times: [] };
      const store = await openStore(config.store.url);
      await setNoticePreference(store.db, opts.address, pref, clockFromEnv().now()).finally(() => store.close());
      process.stdout.write(`${translate(messages, lang, pref.mode === 'digest' ? 'preferenceDigest' : 'preferenceImmediate', { address: opts.address, times: pref.times.join(', ') })}\n`);
    });

  withConfigOption(notices.command('show').description('a person’s choice'))
    .requiredOption('--address <address>', 'the person’s mail address')
    .option('--json', 'machine-readable output')
    .action(async (opts: { config?: string; address: string; json?: boolean }) => {
      const { config } = cliConfig(opts);
      const lang = terminalLang(config.municipality.language as Lang);
      const store = await openStore(config.store.url);
      const pref = (await noticePreferences(store.db, [opts.address]).finally(() => store.close())).get(opts.address.toLowerCase())!;
      if (opts.json) return printJson({ address: opts.address.toLowerCase(), ...pref });
      process.stdout.write(`${translate(messages, lang, pref.mode === 'digest' ? 'preferenceDigest' : 'preferenceImmediate', { address: opts.address, times: pref.times.join(', ') })}\n`);
    });
};
