import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import { decodeFrame, encodeFrame, header } from "./feishu-frames.ts";

/** The long connection's ack of one pushed event. */
export interface Ack {
  readonly code: number;
  /** The handler's return value (a card action's card or toast), parsed. */
  readonly data: unknown;
}

/**
 * The server side of the SDK's long connection: binary pbbp2 frames over a
 * WebSocket. Pushes events (redelivered until acked, optionally in
 * fragments), answers pings with pongs, reads the bot's acks.
 */
export class FakeLongConnection {
  private readonly sockets = new Set<WebSocket>();
  private readonly acks = new Map<string, (ack: Ack) => void>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private frameCount = 0;
  private readonly connectedWaiters: (() => void)[] = [];
  /** Connections the bot opened so far. */
  connections = 0;

  /** Takes over an HTTP upgrade request as a long connection. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws));
  }

  /** Ends every connection. */
  close(): void {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
  }

  /** Resolves once the bot has a long connection open (and has opened more than `after` in all). */
  async connected(after = 0): Promise<void> {
    while (this.sockets.size === 0 || this.connections <= after)
      await new Promise<void>((resolve) => this.connectedWaiters.push(resolve));
  }

  /**
   * Pushes an event envelope over the long connection; resolves with the
   * bot's ack. Like Feishu, redelivers (same frame) while no ack comes: here
   * every `redeliverMs`, at most 5 times (Feishu: 15 s, 5 min, 1 h, 6 h).
   */
  push(envelope: object, fragments = 1, redeliverMs = 1000): Promise<Ack> {
    const id = `frame_${++this.frameCount}`;
    const seqId = this.frameCount;
    const bytes = new TextEncoder().encode(JSON.stringify(envelope));
    const size = Math.ceil(bytes.length / fragments);
    const send = () => {
      const [ws] = this.sockets;
      for (let seq = 0; ws && seq < fragments; seq++) {
        const headers = [
          { key: "type", value: "event" },
          { key: "message_id", value: id },
          { key: "sum", value: String(fragments) },
          { key: "seq", value: String(seq) },
          { key: "trace_id", value: `trace_${id}` },
        ];
        const payload = bytes.slice(seq * size, (seq + 1) * size);
        ws.send(
          encodeFrame({ SeqID: seqId, LogID: seqId, service: 1, method: 1, headers, payload }),
        );
      }
    };
    return new Promise<Ack>((resolve, reject) => {
      let tries = 0;
      const timer = setInterval(() => {
        if (++tries > 5) {
          clearInterval(timer);
          this.acks.delete(id);
          reject(new Error(`no ack for ${id}`));
        } else send();
      }, redeliverMs);
      this.acks.set(id, (ack) => {
        clearInterval(timer);
        resolve(ack);
      });
      send();
    });
  }

  /** Closes every long connection from the server side (the bot should reconnect). */
  drop(): void {
    for (const ws of this.sockets) ws.terminate();
  }

  private attach(ws: WebSocket): void {
    this.sockets.add(ws);
    this.connections++;
    for (const waiter of this.connectedWaiters.splice(0)) waiter();
    ws.on("close", () => this.sockets.delete(ws));
    ws.on("error", () => this.sockets.delete(ws));
    ws.on("message", (data) => {
      const frame = decodeFrame(data);
      if (frame.method === 0 && header(frame, "type") === "ping") {
        const pong = {
          PingInterval: 120,
          ReconnectCount: -1,
          ReconnectInterval: 1,
          ReconnectNonce: 0,
        };
        const headers = [{ key: "type", value: "pong" }];
        const payload = new TextEncoder().encode(JSON.stringify(pong));
        ws.send(encodeFrame({ ...frame, headers, payload }));
        return;
      }
      const id = header(frame, "message_id");
      const resolve = id ? this.acks.get(id) : undefined;
      if (!id || !resolve) return;
      this.acks.delete(id);
      const body = JSON.parse(new TextDecoder().decode(frame.payload)) as {
        code: number;
        data?: string;
      };
      resolve({
        code: body.code,
        data: body.data ? JSON.parse(Buffer.from(body.data, "base64").toString("utf8")) : undefined,
      });
    });
  }
}
