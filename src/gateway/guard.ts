/**
 * What keeps SMTP clients that are neither allow-listed nor authenticated from holding the
 * gateway: a cap on connections per client address, a session time and a number of commands
 * after which such a client is disconnected (until it authenticates), and AUTH failures counted
 * per address and per username within a window, after which the client is disconnected and
 * further attempts refused until the window has passed. Allow-listed networks are the
 * organisation's own mail servers and are exempt from all of this.
 */
import type { SMTPServer, SMTPServerSession } from 'smtp-server';

export interface GuardLimits {
  maxConnectionsPerAddress: number;
  /** Session time (ms) and commands allowed before the client has authenticated. */
  unauthenticatedSessionTime: number;
  maxUnauthenticatedCommands: number;
  /** Failed AUTH attempts per address and per username within `authFailureWindow` (ms). */
  maxAuthFailures: number;
  authFailureWindow: number;
}

/** The parts of smtp-server's connection object the guard uses (it has no hook per command). */
interface Connection {
  session: SMTPServerSession;
  send(code: number, text: string): void;
  _onCommand(command: Buffer, callback: () => void): void;
}

export class ClientGuard {
  readonly #limits: GuardLimits;
  readonly #perAddress = new Map<string, number>();
  readonly #guarded = new Map<string, { address: string; timer: NodeJS.Timeout }>();
  readonly #failures = new Map<string, { count: number; until: number }>();

  constructor(limits: GuardLimits) {
    this.#limits = limits;
  }

  /**
   * A new connection from outside the allow-listed networks: false when its address already has
   * as many as it may. Otherwise it is limited in time and commands until it authenticates, and
   * is told `bye` (a 421 text) when it runs out.
   */
  admit(server: SMTPServer, session: SMTPServerSession, bye: string): boolean {
    const address = session.remoteAddress;
    const open = this.#perAddress.get(address) ?? 0;
    if (open >= this.#limits.maxConnectionsPerAddress) return false;
    this.#perAddress.set(address, open + 1);
    // onConnect gets the session only; its connection is the one in the server's set holding it.
    const connection = [...(server.connections as Set<unknown> as Set<Connection>)].find((c) => c.session === session);
    const timer = setTimeout(() => {
      if (!session.user) connection?.send(421, bye);
    }, this.#limits.unauthenticatedSessionTime);
    timer.unref();
    this.#guarded.set(session.id, { address, timer });
    if (connection) {
      const onCommand = connection._onCommand.bind(connection);
      let commands = 0;
      connection._onCommand = (command, callback) => {
        if (!session.user && ++commands > this.#limits.maxUnauthenticatedCommands) {
          connection.send(421, bye);
          return callback();
        }
        onCommand(command, callback);
      };
    }
    return true;
  }

  /** The connection closed or authenticated: its address may open another. */
  release(session: SMTPServerSession): void {
    const guarded = this.#guarded.get(session.id);
    if (!guarded) return;
    this.#guarded.delete(session.id);
    clearTimeout(guarded.timer);
    const open = (this.#perAddress.get(guarded.address) ?? 1) - 1;
    if (open > 0) this.#perAddress.set(guarded.address, open);
    else this.#perAddress.delete(guarded.address);
  }

  /** Whether this address or username has used up its failed attempts for now. */
  authBlocked(address: string, username: string, now = Date.now()): boolean {
    return [`a:${address}`, `u:${username}`].some((key) => {
      const entry = this.#failures.get(key);
      return entry !== undefined && entry.until > now && entry.count >= this.#limits.maxAuthFailures;
    });
  }

  /** Count a failed attempt; true when the client should now be disconnected. */
  authFailed(address: string, username: string, now = Date.now()): boolean {
    for (const key of [`a:${address}`, `u:${username}`]) {
      const entry = this.#failures.get(key);
      if (entry && entry.until > now) entry.count++;
      else this.#failures.set(key, { count: 1, until: now + this.#limits.authFailureWindow });
    }
    // Expired entries go when they are next seen; a sweep keeps a spray of names from growing the map.
    if (this.#failures.size > 10_000) for (const [key, entry] of this.#failures) if (entry.until <= now) this.#failures.delete(key);
    return this.authBlocked(address, username, now);
  }
}
