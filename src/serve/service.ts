/**
 * `postvakt serve` runs several services in one process (SMTP gateway, queue scheduler,
 * Digital Post intake, web app). Each implements this interface; `serve.ts` starts them in
 * order and closes them together on SIGTERM/SIGINT.
 */
export interface RunningService {
  name: string;
  /** Where it listens, for the start-up log, e.g. "smtp://0.0.0.0:2525". */
  address?: string;
  close(): Promise<void>;
}
