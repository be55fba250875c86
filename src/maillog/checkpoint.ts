/**
 * Signed checkpoints of the mail log (issue 20 item 4, BK-28). A checkpoint is a row of its own
 * in the chain (event `checkpoint`) whose `result` carries an Ed25519 signature over its place
 * (seq, time, previous hash) and over the row it vouches for (`through`, that row's hash). When
 * the retention run purges the log's oldest whole periods it first writes a checkpoint through
 * the last purged row; `verifyMailLog` then starts from that row's hash. A checkpoint that is
 * forged, edited or signed by another key fails verify; the chain and its head still reveal
 * edited, moved or cut-off rows after it, as before.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../store/schema.ts';
import { GENESIS_HASH } from './chain.ts';
import { appendBuilt, fromRecord, withChainHead, type MailLogRow } from './log.ts';
import { signCheckpoint, type Signed, type SigningKey } from './signing.ts';

/** The hash of row `seq` (the genesis hash for 0). */
async function hashOf(db: Kysely<DB>, seq: number): Promise<string | undefined> {
  if (seq === 0) return GENESIS_HASH;
  return (await db.selectFrom('mail_log').select('hash').where('seq', '=', seq).executeTakeFirst())?.hash;
}

/**
 * Append a signed checkpoint vouching for row `through` (default: the row before it). Pass a
 * transaction to commit it with other work, e.g. the purge of the rows it vouches for.
 */
export async function appendCheckpoint(db: Kysely<DB> | Transaction<DB>, key: SigningKey, at: Date, through?: number): Promise<MailLogRow> {
  return withChainHead(db, (trx, lockHead) => checkpointHeld(trx, lockHead, key, at, through));
}

/** `appendCheckpoint` where the caller holds the chain head already (inside `withChainHead`). */
export async function checkpointHeld(trx: Kysely<DB>, lockHead: boolean, key: SigningKey, at: Date, through?: number): Promise<MailLogRow> {
  const throughHash = through === undefined ? undefined : await hashOf(trx, through);
  if (through !== undefined && throughHash === undefined) throw new Error(`mail log row ${through} does not exist`);
  const [record] = await appendBuilt(
    trx,
    [
      (seq, prevHash) => {
        const base = { seq, at: at.getTime(), prev_hash: prevHash };
        const unsigned = { through: through ?? seq - 1, throughHash: throughHash ?? prevHash, key: key.keyId };
        const sig = signCheckpoint(base, unsigned, key);
        return {
          ...base,
          event: 'checkpoint',
          direction: 'internal',
          channel: 'postvakt',
          sender: 'postvakt',
          recipients: '[]',
          mailboxes: '  ',
          subject: '',
          message_id: null,
          size: 0,
          verdict: 'checkpoint',
          release_at: null,
          result: JSON.stringify({ ...unsigned, sig } satisfies Signed),
          queue_id: null,
          record_class: null,
          case_number: null,
          retention_class: null,
        };
      },
    ],
    lockHead,
  );
  const signed = JSON.parse(record!.result!) as Signed;
  await trx.insertInto('mail_log_checkpoints').values({ seq: record!.seq, through: signed.through }).execute();
  return fromRecord(record!);
}
