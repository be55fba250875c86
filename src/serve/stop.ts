/**
 * When `postvakt serve` stops: SIGTERM or SIGINT, whichever process the operator started.
 * `npx postvakt serve` runs npm → sh → node; a SIGTERM to npm ends npm and sh but is not passed on
 * to node, which kept listening. So when npm started us (it sets `npm_command`), the parent's exit
 * is a stop request too. Not otherwise: `nohup postvakt serve &` must outlive its shell.
 */
export type StopReason = NodeJS.Signals | 'parent exited';

export interface StopRequests {
  /** The first request: stop gracefully. */
  first: Promise<StopReason>;
  /** Stop listening (the graceful stop is done). */
  dispose(): void;
}

/**
 * `onAgain` runs on a second signal (stop at once). The parent's exit counts only as a first
 * request: Ctrl+C under npx reaches node and its shell alike, and the shell's exit that follows
 * is not a second Ctrl+C.
 */
export function stopRequests(options: {
  onAgain: (signal: NodeJS.Signals) => void;
  /** The parent when the process started (before seconds of loading in which npm may exit). */
  parentPid: number;
  env?: NodeJS.ProcessEnv;
}): StopRequests {
  const { onAgain, parentPid, env = process.env } = options;
  let asked = false;
  let resolveFirst!: (reason: StopReason) => void;
  const first = new Promise<StopReason>((resolve) => (resolveFirst = resolve));
  const request = (reason: StopReason) => {
    if (!asked) {
      asked = true;
      resolveFirst(reason);
    } else if (reason !== 'parent exited') onAgain(reason);
  };
  const onSignal = (signal: NodeJS.Signals) => request(signal);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  const watch =
    env.npm_command !== undefined
      ? setInterval(() => {
          // Adopted by init: the parent was gone even before parentPid was taken.
          if (process.ppid !== parentPid || process.ppid === 1) request('parent exited');
        }, 250).unref()
      : undefined;
  return {
    first,
    dispose: () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      clearInterval(watch);
    },
  };
}
