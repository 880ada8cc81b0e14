/**
 * Recycles GPU buffers by (size, usage), so a training loop that augments batches of
 * one shape allocates nothing after its first step. A buffer that a submitted command
 * still reads goes back only once the queue has finished that work; a buffer the user
 * disposes goes back at once, which is safe because later writes to it are ordered after
 * the work already queued.
 */
export class BufferPool {
  private readonly free = new Map<string, GPUBuffer[]>();
  private pooledBytes = 0;
  /** Buffers in `free`: a second release (a tensor disposed twice) must not list one twice. */
  private readonly idle = new WeakSet<GPUBuffer>();
  /** Buffers submitted work still reads, waiting for the queue. */
  private pending: GPUBuffer[] = [];
  private waiting = false;

  constructor(
    private readonly device: GPUDevice,
    private readonly maxPooledBytes: number,
  ) {}

  acquire(size: number, usage: number, label: string): GPUBuffer {
    const list = this.free.get(key(size, usage));
    const reused = list?.pop();
    if (reused) {
      this.idle.delete(reused);
      this.pooledBytes -= reused.size;
      return reused;
    }
    const buffer = this.device.createBuffer({ size, usage, label });
    return buffer;
  }

  /** Takes a buffer back now: nothing submitted later can run before the work already queued. */
  release(buffer: GPUBuffer): void {
    if (this.idle.has(buffer)) return;
    if (this.pooledBytes + buffer.size > this.maxPooledBytes) {
      buffer.destroy();
      return;
    }
    const k = key(buffer.size, buffer.usage);
    const list = this.free.get(k);
    if (list) list.push(buffer);
    else this.free.set(k, [buffer]);
    this.idle.add(buffer);
    this.pooledBytes += buffer.size;
  }

  /**
   * Takes buffers back once the queue has finished everything submitted so far. One
   * wait covers every buffer handed in while it is outstanding, so a loop of many calls
   * costs one `onSubmittedWorkDone` per drain, not one per call.
   */
  releaseWhenDone(buffers: readonly GPUBuffer[]): void {
    this.pending.push(...buffers);
    if (!this.waiting) this.wait();
  }

  private wait(): void {
    const batch = this.pending;
    this.pending = [];
    this.waiting = true;
    this.device.queue.onSubmittedWorkDone().then(
      () => {
        for (const buffer of batch) this.release(buffer);
        this.waiting = false;
        if (this.pending.length > 0) this.wait();
      },
      () => {
        for (const buffer of [...batch, ...this.pending]) buffer.destroy();
        this.pending = [];
        this.waiting = false;
      },
    );
  }

  /** Destroys every pooled buffer. */
  clear(): void {
    for (const list of this.free.values()) for (const buffer of list) buffer.destroy();
    this.free.clear();
    this.pooledBytes = 0;
  }
}

function key(size: number, usage: number): string {
  return `${size}:${usage}`;
}
