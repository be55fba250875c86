/**
 * Which transport delivers which channel. The gateway registers e-mail (the smart host) and the
 * Digital Post channel registers its HTTP transport; the scheduler looks the channel up per item.
 */
import type { NewItem, QueueItem, Channel } from './queue.ts';
import type { DeliveryResult, Transport } from './transport.ts';
import { timedTransport } from '../metrics/metrics.ts';

export interface ChannelRegistration {
  transport: Transport;
  /**
   * What to enqueue when a delivery finally fails (an RFC 3464 DSN for e-mail). Committed in the
   * same transaction as the failure, so the notice cannot be lost.
   */
  onFailed?(item: QueueItem, error: string): Promise<NewItem[]>;
  /**
   * What to enqueue when a delivery went to some recipients and was refused for others: a DSN
   * for the permanent refusals, a new delivery for the temporary ones. Same transaction.
   */
  onPartial?(item: QueueItem, rejected: NonNullable<Extract<DeliveryResult, { kind: 'delivered' }>['rejected']>): Promise<NewItem[]>;
}

export class TransportRegistry {
  readonly #channels = new Map<Channel, ChannelRegistration>();

  register(channel: Channel, registration: ChannelRegistration): void {
    if (this.#channels.has(channel)) throw new Error(`a transport for ${channel} is already registered`);
    this.#channels.set(channel, { ...registration, transport: timedTransport(channel, registration.transport) });
  }

  get(channel: Channel): ChannelRegistration | undefined {
    return this.#channels.get(channel);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#channels.values()].map((r) => r.transport.close()));
  }
}
