/**
 * The register's audit trail follows the configured retention (issue 20 item 5, FX-4): once a
 * flag is gone (expired or deleted) and its last audit row is older than the retention period,
 * its whole trail is deleted; rows that name no flag (lists, searches) go once they are that old.
 * A flag that still exists keeps every row. The table is append-only: migration 0012's trigger
 * lets only rows older than the gate set here, of flags that are gone, be deleted.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.ts';

/** Delete the trails that are past retention at `cutoff`; returns the number of rows deleted. */
export async function purgeAuditTrails(db: Kysely<DB>, cutoff: Date): Promise<number> {
  const through = cutoff.getTime();
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('retention_gates').set({ through }).where('name', '=', 'register_audit').execute();
    const result = await trx
      .deleteFrom('register_audit')
      .where('at', '<', through)
      .where((eb) =>
        eb.or([
          eb('flag_id', 'is', null),
          eb.and([
            eb('flag_id', 'not in', eb.selectFrom('register_flags').select('register_flags.id')),
            // The whole trail or nothing: a flag with a recent row keeps its older ones too.
            eb('flag_id', 'not in', eb.selectFrom('register_audit as recent').select('recent.flag_id').where('recent.at', '>=', through).where('recent.flag_id', 'is not', null)),
          ]),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  });
}
