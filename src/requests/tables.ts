/**
 * Requests for public documents (issue 19; BK-18, BK-23…BK-26, BK-29). `requests`: one row per
 * request with its deadlines and outcome; `request_items`: the stored messages asked for (queue
 * item ids); `request_masks`: spans a reviewer masked, each with its ground (BK-25);
 * `request_events`: the audit trail of every step (append-only, BK-23).
 */
import type { Generated } from 'kysely';

export type RequestState = 'open' | 'in-review' | 'escalated' | 'decided' | 'released';
export type RequestOutcome = 'release' | 'partial' | 'refusal';
export type RequestKind = 'messages' | 'log';

export interface RequestTables {
  requests: {
    /** R-YYYY-NNNN, counted per year of receipt. */
    id: string;
    received_at: number;
    /** email, letter, phone, in-person, web. */
    channel: string;
    /** Null when anonymous: in Sweden nobody must say who they are or why (TF 2:18). */
    requester: string | null;
    /** Where the decision letter goes; null when it is handed over another way. */
    reply_to: string | null;
    /** The language of the decision letter. */
    lang: string;
    /** The unit holding the documents (secrecy-first units block release, BK-26). */
    unit: string | null;
    kind: RequestKind;
    /** What was asked, in the requester's words. */
    description: string;
    state: RequestState;
    /** Who judges now: the holder of the documents, then the registrar or lawyer (BK-23). */
    assignee: string | null;
    due_at: number;
    /** 0/1: the secrecy review's extra days were added (SE, BK-18). */
    secrecy_review: number;
    /** The escalated review's own deadline. */
    review_due_at: number | null;
    /** DK: the expected decision date given in the reasoned delay notice (offentlighedsloven § 36). */
    expected_at: number | null;
    /** BK-29: the mailbox and period whose log is asked for. */
    log_mailbox: string | null;
    log_from: number | null;
    log_to: number | null;
    outcome: RequestOutcome | null;
    decided_at: number | null;
    /** Documents stay on legal hold until then (appeal period). */
    appeal_until: number | null;
    /** BK-26: a lawyer's recorded reason to release although an identifier remains. */
    override_reason: string | null;
    /** SE: the requester asked for the authority's written, appealable decision. */
    written_decision_asked_at: number | null;
    /** The inbound message this request came from, when it was suggested from mail. */
    source_inbound_id: string | null;
    /** The deadline (epoch ms) the assignee was last warned about; the claim that warns once. */
    warned_for: number | null;
    updated_at: number;
  };
  request_items: {
    request_id: string;
    /** queue_items.id of the stored message. */
    queue_id: string;
  };
  request_masks: {
    id: Generated<number>;
    request_id: string;
    /** queue item id, or 'log' for the BK-29 extract. */
    document: string;
    /** subject, body, attachment:N, or log:SEQ. */
    part: string;
    start: number;
    end: number;
    /** A ground id from the catalogue (BK-24, BK-25). */
    ground: string;
    actor: string;
    at: number;
  };
  request_events: {
    id: Generated<number>;
    request_id: string;
    at: number;
    kind: string;
    actor: string | null;
    data: string | null;
  };
}
