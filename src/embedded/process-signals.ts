// Signals in a process that started embedded servers. A process with no signal handler of its
// own would die on SIGINT/SIGTERM/SIGHUP and leave the servers running: then stop them and die of
// the signal as it would have. A process that handles the signal itself (the application closes
// its queues first) calls stop() when it is ready.
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const running = new Set<() => Promise<void>>();

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  const stops = [...running];
  for (const s of STOP_SIGNALS) process.off(s, onSignal);
  void Promise.allSettled(stops.map((stop) => stop())).finally(() => process.kill(process.pid, signal));
}

/** Stops these servers if the process is signalled and has no handler of its own. */
export function track(stop: () => Promise<void>): void {
  // First in line, so that it counts the other listeners (a `once` one removes itself when called).
  if (running.size === 0) for (const signal of STOP_SIGNALS) process.prependListener(signal, onSignal);
  running.add(stop);
}

export function untrack(stop: () => Promise<void>): void {
  running.delete(stop);
  if (running.size === 0) for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
}
