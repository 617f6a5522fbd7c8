/**
 * Turns a stream of "tenant X changed" notes into few invalidations: the first note of a tenant
 * invalidates at once, notes within the following window collapse into one more at its end. A
 * busy tenant finishing hundreds of runs a second costs one invalidation per window, and no
 * change is ever left uninvalidated. Bounded by the number of tenants noted within one window.
 */
export class CoalescingInvalidator {
  private readonly windows = new Map<string, { dirty: boolean; timer: NodeJS.Timeout }>();

  constructor(
    private readonly invalidate: (tenantId: string) => Promise<void>,
    private readonly windowMs = 5_000,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  note(tenantId: string): void {
    const open = this.windows.get(tenantId);
    if (open) {
      open.dirty = true;
      return;
    }
    this.fire(tenantId);
    this.openWindow(tenantId);
  }

  /** Invalidates what is still owed and forgets every window (shutdown, tests). */
  async flush(): Promise<void> {
    const owed = [...this.windows].filter(([, window]) => window.dirty).map(([tenantId]) => tenantId);
    for (const window of this.windows.values()) clearTimeout(window.timer);
    this.windows.clear();
    await Promise.all(owed.map((tenantId) => this.invalidate(tenantId).catch(this.onError)));
  }

  private openWindow(tenantId: string): void {
    const timer = setTimeout(() => {
      const window = this.windows.get(tenantId);
      this.windows.delete(tenantId);
      if (window?.dirty) {
        this.fire(tenantId);
        this.openWindow(tenantId);
      }
    }, this.windowMs);
    timer.unref();
    this.windows.set(tenantId, { dirty: false, timer });
  }

  private fire(tenantId: string): void {
    void this.invalidate(tenantId).catch(this.onError);
  }
}
