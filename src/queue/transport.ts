/**
 * How the durable queue hands a message to its channel. The gateway registers an SMTP transport
 * (smart host) and the Digital Post channel an HTTP transport; the queue itself knows neither.
 */
export type DeliveryResult =
  | {
      kind: 'delivered';
      response: string;
      /** Recipients the upstream refused while it accepted the others (SMTP RCPT replies). */
      rejected?: Array<{ recipient: string; error: string; permanent: boolean }>;
    }
  /** 4xx, timeout, connection refused: retry on the schedule. */
  | { kind: 'transient'; error: string }
  /** 5xx or a permanent refusal: give up now (an RFC 3464 DSN for e-mail, a failed receipt for MeMo). */
  | { kind: 'permanent'; error: string };

export interface DeliveryItem {
  id: string;
  channel: 'email' | 'digitalpost' | 'inbound';
  /** The exact bytes to deliver (RFC 5322 message or MeMo XML). */
  raw: Buffer;
  /** Channel-specific envelope: SMTP MAIL FROM/RCPT TO with DSN parameters, or the MeMo uuid. */
  envelope: Record<string, unknown>;
  /** The item's stored decision, as it stands when it is delivered (see `stored-decision.ts`). */
  decision?: Record<string, unknown>;
}

export interface Transport {
  deliver(item: DeliveryItem): Promise<DeliveryResult>;
  close(): Promise<void>;
}
