/**
 * Work queued per chat: one chat's jobs run in order, chats run side by
 * side. Event handlers enqueue and return at once, so Feishu's 3-second
 * acknowledgement never waits on an answer. {@link ChatQueue.idle} resolves
 * once everything queued has run (shutdown, tests).
 */
export class ChatQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly onError: (error: unknown, chatId: string) => void) {}

  /** Queues `job` behind the chat's earlier jobs. */
  push(chatId: string, job: () => Promise<void>): void {
    const previous = this.tails.get(chatId) ?? Promise.resolve();
    const next = previous
      .then(job)
      .catch((error: unknown) => this.onError(error, chatId))
      .finally(() => {
        this.running.delete(next);
        if (this.tails.get(chatId) === next) this.tails.delete(chatId);
      });
    this.tails.set(chatId, next);
    this.running.add(next);
  }

  /** Resolves once every job queued so far (and any they queue) has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
