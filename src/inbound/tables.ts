/**
 * Inbound mail (issue 17). `inbound_messages`: one row per message received from outside (or, as
 * the journal recipient, per journaled message in any direction), the
 * key later work hangs on (record status, requests, retention, absence), with what it is without
 * its bytes (those stay in `queue_bodies` while it is relayed). `inbound_waiting`: one item per
 * message and addressed mailbox that waits for an answer (BK-14); its state changes and the
 * overdue notices sent about it are also kept as rows in `inbound_waiting_events`.
 */
import type { Generated } from 'kysely';

/** acknowledged: an acknowledgement named a contact person (BK-14); open until the answer, with a due time of its own. */
export type WaitingState = 'waiting' | 'acknowledged' | 'answered';

export interface InboundTables {
  inbound_messages: {
    /** The SMTP transaction's id, as the queue's origin id and the mail log's queue id. */
    id: string;
    received_at: number;
    /** Envelope sender, '' for the null sender. */
    sender: string;
    /** JSON array of envelope recipients. */
    recipients: string;
    message_id: string | null;
    /** Identity numbers masked, as in the mail log. */
    subject: string;
    size: number;
    /** 0/1: an auto-reply, bounce, list or bulk mail (RFC 3834, RFC 2369), which opens nothing. */
    automatic: number;
    /** JSON array of what BK-27 asks to know of received mail: rule ids with their clause. */
    sensitive: string;
    /** The queue item relaying it to the internal mail system. */
    queue_id: string | null;
  };
  inbound_waiting: {
    id: string;
    inbound_id: string;
    /** The Message-ID an answer refers to (In-Reply-To / References). */
    message_id: string | null;
    mailbox: string;
    /** '' for an address of the own domains that is in no configured mailbox. */
    unit: string;
    correspondent: string;
    subject: string;
    received_at: number;
    /** When the clock started: the arrival, or the next opening after it. */
    starts_at: number;
    due_at: number;
    state: WaitingState;
    answered_at: number | null;
    /** The queue origin id of the answer. */
    answered_by: string | null;
    updated_at: number;
    /** When an acknowledgement naming a contact person stopped the first clock (0008). */
    acknowledged_at: number | null;
    /** The contact person the acknowledgement named. */
    contact: string | null;
  };
  /** One row per overdue notice sent (BK-14): the claim that makes it go once across restarts and instances. */
  inbound_overdue_notices: {
    waiting_id: string;
    due_at: number;
    /** 1: when due; 2: a working day after the first. */
    round: number;
    sent_at: number;
  };
  inbound_waiting_events: {
    id: Generated<number>;
    waiting_id: string;
    at: number;
    kind: string;
    actor: string | null;
    data: string | null;
  };
}
