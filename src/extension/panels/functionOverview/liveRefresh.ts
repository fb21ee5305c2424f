// Keeps a panel live without polling in the background: ticks on a timer only while the panel is visible, one at a
// time (the next is scheduled when the last has finished, so a slow answer never stacks requests), none while it is
// hidden, and when it is shown again, a tick as soon as the last one is an interval old. No vscode import: the
// timing is unit-tested in plain Node with mocked timers.
export class LiveRefresh {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastTick = Date.now();
  private visible = false;
  private running = false;
  private disposed = false;

  /** `tick` reports its own failures (the panel shows them); `intervalMs` is read before each wait. */
  constructor(
    private readonly tick: () => Promise<void>,
    private readonly intervalMs: () => number,
  ) {}

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.schedule();
  }

  /** The panel just loaded fresh data itself (Refresh, another range): the next tick waits a whole interval. */
  restart(): void {
    this.lastTick = Date.now();
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.visible || this.running || this.disposed) return;
    this.timer = setTimeout(() => void this.run(), Math.max(0, this.lastTick + this.intervalMs() - Date.now()));
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    this.running = true;
    try {
      await this.tick();
    } finally {
      this.running = false;
      this.lastTick = Date.now();
      this.schedule();
    }
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
