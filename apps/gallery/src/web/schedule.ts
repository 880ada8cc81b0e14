export interface Hooks {
  /** Runs when no call is running or due. */
  readonly onIdle: () => void;
  /** Gets what a call threw; later requests still run. */
  readonly onError: (error: unknown) => void;
}

/**
 * Runs `task` one call at a time, and only for the latest request: while a call runs,
 * any number of requests (a slider being dragged) make one more call when it ends.
 * Runs must not overlap: tfjs has one active backend for the whole page.
 */
export function latestOnly(task: () => Promise<void>, { onIdle, onError }: Hooks): () => void {
  let running = false;
  let due = false;
  const loop = async () => {
    running = true;
    while (due) {
      due = false;
      await task().catch(onError);
    }
    running = false;
    onIdle();
  };
  return () => {
    due = true;
    if (!running) void loop();
  };
}
