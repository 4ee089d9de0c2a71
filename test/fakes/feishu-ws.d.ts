/**
 * The few parts of `ws` (installed with the Lark SDK, without types) that the
 * fake long connection uses.
 */
declare module "ws" {
  import type { IncomingMessage } from "node:http";
  import type { Duplex } from "node:stream";

  export class WebSocket {
    readonly readyState: number;
    send(data: Uint8Array, cb?: (error?: Error) => void): void;
    close(code?: number): void;
    terminate(): void;
    on(event: "message", listener: (data: Buffer) => void): this;
    on(event: "close", listener: () => void): this;
    on(event: "error", listener: (error: Error) => void): this;
  }

  export class WebSocketServer {
    constructor(options: { noServer: true });
    handleUpgrade(
      req: IncomingMessage,
      socket: Duplex,
      head: Buffer,
      cb: (ws: WebSocket) => void,
    ): void;
    close(): void;
  }
}
