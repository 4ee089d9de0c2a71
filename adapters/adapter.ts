/**
 * What every chat platform adapter implements. The core knows nothing of the
 * platform; an adapter receives messages, asks the answerer, renders the reply.
 */
export interface Adapter {
  /** Short name for logs: "console", "telegram", "feishu". */
  readonly name: string;
  /** Starts receiving messages; resolves when the adapter has stopped on its own (e.g. /quit). */
  start(): Promise<void>;
  /** Stops receiving messages and finishes work in flight. */
  stop(): Promise<void>;
}
