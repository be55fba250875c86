/**
 * Retention's tables (issue 20). `retention_holds`: manual legal holds on a message body, with
 * who set them and why; ending one is the only update. `retention_gates`: what the append-only
 * triggers of the mail log and the register audit let the retention run delete (see migration
 * 0012), and the claim of the daily run.
 */
export interface RetentionTables {
  retention_holds: {
    id: string;
    /** The queue item whose body is kept (queue_items.id). */
    item_id: string;
    reason: string;
    actor: string;
    created_at: number;
    ended_at: number | null;
    ended_by: string | null;
  };
  retention_gates: {
    name: 'mail_log' | 'register_audit' | 'run';
    through: number;
  };
}
