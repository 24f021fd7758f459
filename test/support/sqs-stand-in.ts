/**
 * A stand-in for SQS on loopback, at the wire protocol the SDK speaks (AWS
 * JSON 1.0): it takes SendMessageBatch calls and keeps the messages, which a
 * test then hands to a function as the SQS records Lambda would. SQS itself
 * cannot run here; what is tested is the real client, its batching and its
 * checksums, and the consumer on the other side.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SqsStandIn {
  endpoint: string;
  /** Message bodies received, oldest first; `take()` empties the list. */
  take(): Array<{ messageId: string; body: string }>;
  calls: number;
  close(): Promise<void>;
}

export async function startSqsStandIn(): Promise<SqsStandIn> {
  let kept: Array<{ messageId: string; body: string }> = [];
  const state = { calls: 0 };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      state.calls++;
      const target = String(req.headers['x-amz-target'] ?? '');
      if (target !== 'AmazonSQS.SendMessageBatch') {
        res
          .writeHead(400, { 'content-type': 'application/x-amz-json-1.0' })
          .end(JSON.stringify({ __type: 'com.amazonaws.sqs#UnsupportedOperation', message: target }));
        return;
      }
      const { Entries } = JSON.parse(raw) as { Entries: Array<{ Id: string; MessageBody: string }> };
      const Successful = Entries.map((e) => {
        const messageId = randomUUID();
        kept.push({ messageId, body: e.MessageBody });
        return { Id: e.Id, MessageId: messageId, MD5OfMessageBody: createHash('md5').update(e.MessageBody).digest('hex') };
      });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify({ Successful, Failed: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    take() {
      const out = kept;
      kept = [];
      return out;
    },
    get calls() {
      return state.calls;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
