/**
 * The store's input error (a bad database URL, an unreachable server), in a module of its own so
 * that the CLI can recognise it without loading Kysely and both database drivers at every start.
 */
export class StoreError extends Error {}
