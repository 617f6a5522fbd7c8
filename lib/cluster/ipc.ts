import { randomUUID } from "node:crypto";

/**
 * Request/response over the IPC channel between the supervisor and its app instances
 * (node:cluster). Messages carry our channel name so other users of the channel are ignored.
 */
const CHANNEL = "agency-toolkit";

export type IpcRequest = { channel: typeof CHANNEL; id: string; type: string; payload?: unknown };
export type IpcReply = { channel: typeof CHANNEL; id: string; reply?: unknown; error?: string };
type Sender = {
  send(message: unknown, callback?: (error: Error | null) => void): unknown;
  on(event: "message", listener: (message: unknown) => void): unknown;
  off(event: "message", listener: (message: unknown) => void): unknown;
};

/**
 * Sends without ever throwing: the other end may exit (a drained or crashed instance) between a
 * request and its reply. With a callback, Node reports a closed channel there instead of as an
 * 'error' event, which would take the whole supervisor down.
 */
function sendSafely(peer: Sender, message: unknown, onFailure: (error: Error) => void = () => {}): void {
  try {
    peer.send(message, (error) => {
      if (error) onFailure(error);
    });
  } catch (error) {
    onFailure(error instanceof Error ? error : new Error(String(error)));
  }
}

/** This process's channel to the process that forked it (a cluster or child-process fork). */
export function parentPeer(): Sender {
  return process as unknown as Sender;
}

export function isIpcRequest(message: unknown): message is IpcRequest {
  return typeof message === "object" && message !== null && (message as IpcRequest).channel === CHANNEL && typeof (message as IpcRequest).type === "string";
}

function isReplyTo(message: unknown, id: string): message is IpcReply {
  return typeof message === "object" && message !== null && (message as IpcReply).channel === CHANNEL && (message as IpcReply).id === id && !("type" in message);
}

/** Sends a request to the other end and waits (bounded) for its reply. */
export function request<T>(peer: Sender, type: string, payload: unknown, timeoutMs: number): Promise<T> {
  const id = randomUUID();
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      peer.off("message", onMessage);
      reject(new Error(`no answer to ${type} within ${timeoutMs} ms`));
    }, timeoutMs);
    function onMessage(message: unknown) {
      if (!isReplyTo(message, id)) return;
      clearTimeout(timer);
      peer.off("message", onMessage);
      if (message.error) reject(new Error(message.error));
      else resolve(message.reply as T);
    }
    peer.on("message", onMessage);
    sendSafely(peer, { channel: CHANNEL, id, type, payload } satisfies IpcRequest, (error) => {
      clearTimeout(timer);
      peer.off("message", onMessage);
      reject(error);
    });
  });
}

/** Answers requests of the given types arriving from `peer`. */
export function serve(peer: Sender, handlers: Record<string, (payload: unknown) => unknown>): void {
  peer.on("message", (message) => {
    if (!isIpcRequest(message)) return;
    const handler = handlers[message.type];
    if (!handler) return;
    Promise.resolve()
      .then(() => handler(message.payload))
      .then(
        (reply) => sendSafely(peer, { channel: CHANNEL, id: message.id, reply } satisfies IpcReply),
        (error: unknown) => sendSafely(peer, { channel: CHANNEL, id: message.id, error: error instanceof Error ? error.message : String(error) } satisfies IpcReply),
      );
  });
}
