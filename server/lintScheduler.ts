/**
 * Debounces lints per document: every change restarts the document's timer, so a
 * burst of keystrokes costs one lint. The lint itself checks the version before
 * publishing, so a timer that fires late can never show stale results.
 */
export class LintScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly run: (uri: string) => Promise<void>,
    private readonly onError: (uri: string, error: unknown) => void,
  ) {}

  schedule(uri: string, delay: number): void {
    this.cancel(uri);
    const timer = setTimeout(() => {
      this.timers.delete(uri);
      // A failed lint is reported, never left to take the server down.
      this.run(uri).catch((e: unknown) => this.onError(uri, e));
    }, delay);
    this.timers.set(uri, timer);
  }

  cancel(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
