/**
 * Typed events, published after the write they describe has committed, subscribed to by name.
 * `M` maps each event name to its payload; `src/events.ts` gathers the capabilities' maps.
 */
export interface Published<M, K extends keyof M = keyof M> {
  /** Increases by one with every event this bus publishes: a subscriber that missed one can tell. */
  seq: number;
  name: K;
  payload: M[K];
}

export type Listener<M, K extends keyof M> = (event: Published<M, K>) => void | Promise<void>;

export class EventBus<M> {
  private seq = 0;
  private readonly listeners = new Map<keyof M, Listener<M, keyof M>[]>();

  /** `report` receives a listener's error: the event's write has committed, so it stands. */
  constructor(private readonly report: (error: unknown, event: Published<M>) => void = logListenerError) {}

  /** Calls `listener` with every later event of that name; the returned function unsubscribes. */
  on<K extends keyof M>(name: K, listener: Listener<M, K>): () => void {
    const list = this.listeners.get(name) ?? [];
    list.push(listener as Listener<M, keyof M>);
    this.listeners.set(name, list);
    return () => {
      const at = list.indexOf(listener as Listener<M, keyof M>);
      if (at >= 0) list.splice(at, 1);
    };
  }

  /** Numbers the event and hands it to each listener in subscription order. */
  publish<K extends keyof M>(name: K, payload: M[K]): Published<M, K> {
    this.seq += 1;
    const event: Published<M, K> = { seq: this.seq, name, payload };
    for (const listener of [...(this.listeners.get(name) ?? [])]) {
      try {
        const result = listener(event as Published<M, keyof M>);
        if (result) result.catch((error: unknown) => this.report(error, event));
      } catch (error) {
        this.report(error, event);
      }
    }
    return event;
  }

  /** The sequence number of the last event published. */
  get lastSeq(): number {
    return this.seq;
  }
}

function logListenerError<M>(error: unknown, event: Published<M>): void {
  console.error(`jsms: a listener of ${String(event.name)} (event ${event.seq}) failed`, error);
}
