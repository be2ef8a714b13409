import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Answers with text produced as it is read (an export of every record), with backpressure: the
 * next chunk is made when the client has taken the last. An error midway aborts the response, so a
 * broken download never looks complete. The route's response schema describes the whole document
 * for the API reference; the type provider cannot know a stream yields it, hence the one cast.
 */
export function sendStream(reply: FastifyReply, type: string, chunks: AsyncIterable<string>) {
  return reply.type(type).send(Readable.from(chunks) as never);
}
