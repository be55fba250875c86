/**
 * The SF1601 KombiPostAfsend intake (issue 24): a kombi request and its MeMo are read
 * (message/kombi.ts) and checked in the check pool like any letter (FX-8, FX-10, FX-11), decided with the
 * register by the route its KombiValgKode names (FX-1, FX-2: NemSMS and Digital Post land at
 * once, print after the configured days), and the whole request's bytes committed to the same
 * durable queue as the MeMo intake's letters — with the transaction row that makes it
 * idempotent by x-TransaktionsId, in the same transaction, before the case system's 200.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Kysely } from 'kysely';
import type { Lang } from '../i18n/catalog.ts';
import type { DB } from '../store/schema.ts';
import type { Logger } from '../logging/logger.ts';
import { findLetter } from './letters.ts';
import type { LetterIntake } from './intake.ts';
import { KOMBI_ROUTES, KombiProblem, kombiSuccess, type KombiErrorCode } from './kombi.ts';
import { MessageError } from '../message/errors.ts';
import type { ErrorCode } from '../message/messages.ts';
import { translate } from '../i18n/catalog.ts';
import { messages } from './messages.ts';
import { IntakeProblem } from './problem.ts';

export interface KombiAnswer {
  status: number;
  /** The kombi_response XML. */
  xml: string;
}

export interface KombiRequestContext {
  client: string;
  lang: Lang;
  /** x-TransaktionsId (a UUID) and x-TransaktionsTid, kept to forward the request as it came. */
  transactionId: string;
  transactionTime: string;
}

export interface KombiIntake {
  accept(body: Buffer, request: KombiRequestContext): Promise<KombiAnswer>;
}

export interface KombiIntakeDeps {
  db: Kysely<DB>;
  intake: Pick<LetterIntake, 'read' | 'commit'>;
  timeZone: string;
  logger: Logger;
}

/** The parser's refusals of a kombi request, as the service's FejlId; any other is an unreadable MeMo. */
const READ_ERRORS: Partial<Record<ErrorCode, KombiErrorCode>> = {
  'doctype-forbidden': 'doctype-forbidden',
  'invalid-xml': 'invalid-xml',
  'kombi-not-request': 'not-kombi-request',
  'kombi-unknown-code': 'unknown-kombivalgkode',
  'kombi-memo-required': 'memo-required',
};

type TransactionRow = { client: string; sha256: string; response: string };

/** The MeMo intake's refusal of the letter inside, as the service's own error. */
function asKombiProblem(err: IntakeProblem, lang: Lang): KombiProblem {
  if (err.status === 422) return new KombiProblem(422, 'refused', err.params);
  const problem = err.render(lang);
  const errors = problem.errors?.map((e) => `${e.path}: ${e.expected}${e.found !== undefined ? ` (${e.found})` : ''}`).join('; ');
  return new KombiProblem(400, 'invalid-memo', { errors: errors || problem.detail });
}

export function createKombiIntake(deps: KombiIntakeDeps): KombiIntake {
  const { db, intake, timeZone, logger } = deps;

  const findTransaction = (id: string): Promise<TransactionRow | undefined> =>
    db.selectFrom('sf1601_transactions').select(['client', 'sha256', 'response']).where('transaction_id', '=', id).executeTakeFirst();

  /** The first answer again for the same request; a different request under the id is refused. */
  function replay(row: TransactionRow, client: string, sha256: string, id: string): KombiAnswer {
    if (row.sha256 !== sha256 || row.client !== client) throw new KombiProblem(409, 'transaction-conflict', { id });
    return { status: 200, xml: row.response };
  }

  /** The request and the MeMo inside it, read in the check pool like any letter. */
  async function readRequest(body: Buffer, lang: Lang) {
    try {
      const [letter] = await intake.read([body], 'kombi');
      return letter!;
    } catch (err) {
      if (err instanceof MessageError) throw new KombiProblem(400, READ_ERRORS[err.code] ?? 'invalid-memo', err.params, (l) => err.describe(l));
      throw err instanceof IntakeProblem ? asKombiProblem(err, lang) : err;
    }
  }

  return {
    async accept(body, request) {
      const { client, lang } = request;
      const transactionId = request.transactionId.toLowerCase();
      const sha256 = createHash('sha256').update(body).digest('hex');
      const known = await findTransaction(transactionId);
      if (known) return replay(known, client, sha256, transactionId);

      const letter = await readRequest(body, lang);
      const kombi = letter.message.kombi!;
      if (await findLetter(db, letter.uuid)) throw new KombiProblem(409, 'duplicate-uuid', { uuid: letter.uuid });

      let xml = '';
      try {
        await intake.commit(
          [{ ...letter, kombi: { transactionId, transactionTime: request.transactionTime, valgKode: kombi.valgKode, route: KOMBI_ROUTES[kombi.valgKode] } }],
          {
            client,
            lang,
            inTransaction: async (trx, rows) => {
              const row = rows.get(letter.uuid)!;
              // Only what a hold shows (as the MeMo intake's receipt): held and until when, never why.
              const until = row.verdict === 'hold' && row.hold_until !== null ? DateTime.fromMillis(Number(row.hold_until), { zone: timeZone }).toISO({ suppressMilliseconds: true }) : null;
              xml = until
                ? kombiSuccess({ id: 'held', text: translate(messages, lang, 'kombi.advis.held', { until }) })
                : kombiSuccess({ id: 'queued', text: translate(messages, lang, 'kombi.advis.queued') });
              await trx
                .insertInto('sf1601_transactions')
                .values({ transaction_id: transactionId, client, sha256, memo_uuid: letter.uuid, response: xml, received_at: Number(row.received_at) })
                .execute();
            },
          },
        );
      } catch (err) {
        if (err instanceof IntakeProblem) throw asKombiProblem(err, lang);
        // Two requests raced: the loser is answered as if it had come second.
        const raced = await findTransaction(transactionId);
        if (raced) return replay(raced, client, sha256, transactionId);
        if (await findLetter(db, letter.uuid)) throw new KombiProblem(409, 'duplicate-uuid', { uuid: letter.uuid });
        throw err;
      }
      logger.info({ transactionId, memoMessageUuid: letter.uuid, valgKode: kombi.valgKode }, 'sf1601 kombi request accepted');
      return { status: 200, xml };
    },
  };
}
