import { z } from 'zod';
import { API_ERROR_CODES } from './errors';

/**
 * The wire format both transports (Electron IPC and the browser-mode WebSocket) carry.
 * Requests are validated on arrival; anything malformed is answered with `invalid-input`, never thrown.
 */
export const requestMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), id: z.number().int().nonnegative(), method: z.string().max(200), input: z.unknown() }),
  z.object({ t: z.literal('sub'), id: z.number().int().nonnegative(), stream: z.string().max(200), input: z.unknown() }),
  z.object({ t: z.literal('unsub'), id: z.number().int().nonnegative() }),
]);
export type RequestMessage = z.infer<typeof requestMessageSchema>;

export const apiErrorSchema = z.object({ code: z.enum(API_ERROR_CODES), message: z.string() });

export type ResponseMessage =
  | { t: 'result'; id: number; ok: true; value: unknown }
  | { t: 'result'; id: number; ok: false; error: z.infer<typeof apiErrorSchema> }
  | { t: 'event'; id: number; data: unknown }
  | { t: 'end'; id: number; error?: z.infer<typeof apiErrorSchema> };

/** The one thing a transport has to provide to the client: send a request, hear responses. */
export interface MessagePort {
  send(message: RequestMessage): void;
  onMessage(listener: (message: ResponseMessage) => void): () => void;
}
