// A panel's state and the one way to change it: update() applies a pure transition and tells the subscribers
// (render and persistence) once, with the state before it. Updates made while subscribers run (a focus event
// fired by a repaint) wait their turn, so every subscriber sees every change in order.
export type Listener<S> = (state: S, previous: S) => void;

export class Store<S> {
  private readonly listeners: Listener<S>[] = [];
  private readonly queue: ((state: S) => S)[] = [];
  private notifying = false;

  constructor(private current: S) {}

  get state(): S {
    return this.current;
  }

  subscribe(listener: Listener<S>): void {
    this.listeners.push(listener);
  }

  update(change: (state: S) => S): void {
    this.queue.push(change);
    if (this.notifying) return;
    this.notifying = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        const previous = this.current;
        this.current = next(previous);
        if (this.current === previous) continue;
        for (const listener of this.listeners) listener(this.current, previous);
      }
    } finally {
      this.notifying = false;
      this.queue.length = 0;
    }
  }
}
