/**
 * Migration 0006 takes who is flagged out of what an older Postvakt stored (issue 23): a queue
 * decision loses `flagged`, the warning verdict, an unheld letter's reasons and the FX-7 hint,
 * and a Digital Post letter row its warning verdict and reasons. Notices stay as they were.
 */
import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, openStore } from '../../src/store/db.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { DIALECTS, freshStoreUrl } from '../support/stores.ts';

const FX7 = 'En sagsbehandler i Jobcenter har markeret borgeren efter en individuel vurdering.';
const questions = [
  { clause: 'FX-6', question: 'Kan det vente?', hint: 'Tilbageholdt til mandag' },
  { clause: 'FX-7', question: 'Hvem er borgeren?', hint: FX7 },
];

describe.each(DIALECTS)('migration 0006 on %s', (dialect) => {
  it('scrubs flag details from stored decisions and letter rows', async () => {
    const { url, cleanup } = freshStoreUrl(dialect);
    const store = await openStore(url, { migrate: false });
    try {
      const schema = dialect === 'postgres' ? new URL(url).searchParams.get('schema')! : undefined;
      const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => migrations }, ...(schema ? { migrationTableSchema: schema } : {}) });
      expect((await migrator.migrateTo('0005_web')).error).toBeUndefined();
      const row = (id: string, decision: unknown) => sql`INSERT INTO queue_items (id, channel, status, envelope, lang, subject, message_id, origin_id, created_at, release_at, next_attempt_at, attempts, lease_owner, lease_expires_at, decision, last_result, told, updated_at)
        VALUES (${id}, 'email', 'queued', '{"from":"a@b.dk","to":["borger@example.dk"]}', 'da', 'Hej', NULL, 'o', 0, NULL, 0, 0, NULL, NULL, ${JSON.stringify(decision)}, NULL, 0, 0)`;
      await row('held', { verdict: 'hold', flagged: true, holdUntil: '2026-12-07T08:00:00.000Z', reasons: [{ code: 'hold', text: 'Til mandag' }], questions, findings: [] }).execute(store.db);
      await row('warned', { verdict: 'deliver-with-warning', flagged: true, reasons: [{ code: 'urgent', text: 'Hastende' }], questions, findings: [] }).execute(store.db);
      await row('notice', { notice: 'held', for: 'held' }).execute(store.db);
      await sql`INSERT INTO digitalpost_letters (memo_uuid, client, sha256, verdict, queue_id, hold_until, details, received_at)
        VALUES ('u-1', 'sagssystem', 'x', 'deliver-with-warning', 'warned', NULL, ${JSON.stringify({ reasons: [{ code: 'urgent', text: 'Hastende' }], findings: [] })}, 0)`.execute(store.db);

      await migrateToLatest(store.db);

      const items = await sql<{ id: string; decision: string }>`SELECT id, decision FROM queue_items ORDER BY id`.execute(store.db);
      const byId = Object.fromEntries(items.rows.map((r) => [r.id, JSON.parse(r.decision) as Record<string, unknown>]));
      expect(byId.held).toEqual({ verdict: 'hold', holdUntil: '2026-12-07T08:00:00.000Z', reasons: [{ code: 'hold', text: 'Til mandag' }], questions: [questions[0], { clause: 'FX-7', question: 'Hvem er borgeren?' }], findings: [] });
      expect(byId.warned).toEqual({ verdict: 'deliver', findings: [] });
      expect(byId.notice).toEqual({ notice: 'held', for: 'held' });
      const letter = await sql<{ verdict: string; details: string }>`SELECT verdict, details FROM digitalpost_letters`.execute(store.db);
      expect(letter.rows[0]).toEqual({ verdict: 'deliver', details: JSON.stringify({ reasons: [], findings: [] }) });
      expect(JSON.stringify([items.rows, letter.rows])).not.toMatch(/flagged|deliver-with-warning|markeret borgeren/);
    } finally {
      await store.close();
      await cleanup();
    }
  });
});
