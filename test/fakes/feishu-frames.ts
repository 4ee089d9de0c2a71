import protobuf from "protobufjs";

/**
 * The long connection's wire format: protobuf proto2 `pbbp2.Frame`, as the
 * Lark SDK's WSClient encodes it (SDK `ws-client/proto-buf/pbbp2.js`).
 */

/** One frame header. */
export interface FrameHeader {
  key: string;
  value: string;
}

/** A frame: method 0 = control (ping/pong), 1 = data (event, card). */
export interface Frame {
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: FrameHeader[];
  payload_encoding?: string;
  payload_type?: string;
  payload?: Uint8Array;
  LogIDNew?: string;
}

const root = protobuf.Root.fromJSON({
  nested: {
    pbbp2: {
      nested: {
        Header: {
          fields: {
            key: { rule: "required", type: "string", id: 1 },
            value: { rule: "required", type: "string", id: 2 },
          },
        },
        Frame: {
          fields: {
            SeqID: { rule: "required", type: "uint64", id: 1 },
            LogID: { rule: "required", type: "uint64", id: 2 },
            service: { rule: "required", type: "int32", id: 3 },
            method: { rule: "required", type: "int32", id: 4 },
            headers: { rule: "repeated", type: "Header", id: 5 },
            payload_encoding: { type: "string", id: 6 },
            payload_type: { type: "string", id: 7 },
            payload: { type: "bytes", id: 8 },
            LogIDNew: { type: "string", id: 9 },
          },
        },
      },
    },
  },
});
const FrameType = root.lookupType("pbbp2.Frame");

/** Encodes a frame to bytes. */
export function encodeFrame(frame: Frame): Uint8Array {
  return FrameType.encode(FrameType.fromObject(frame)).finish();
}

/** Decodes bytes to a frame (numbers as numbers, payload as bytes). */
export function decodeFrame(bytes: Uint8Array): Frame {
  return FrameType.toObject(FrameType.decode(bytes), { longs: Number, defaults: true }) as Frame;
}

/** A header's value, or undefined. */
export function header(frame: Frame, key: string): string | undefined {
  return frame.headers.find((h) => h.key === key)?.value;
}
