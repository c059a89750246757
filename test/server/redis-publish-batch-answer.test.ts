/**
 * A batch of signals goes to Redis as one script call, whose answer is three
 * entries a signal (outcome, seq, time). An answer of another length (a
 * script of another version on the same Redis, say) tells nothing sure of
 * any one signal: every signal of the batch is refused, as while Redis is
 * unreachable (the hub answers `unavailable` for any error that is not a
 * Redis error reply), and none is handed a made-up outcome. The batch's
 * `send` stands in for the script call here: what Redis answers is the
 * point, and a real Redis always answers three a signal.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ReplyError } from 'ioredis';
import { BatchAnswerError, PublishBatches, type PublishArgs, type PublishReply } from '../../src/server/redis-publish-batch.js';

const signal = (from: string): PublishArgs => [from, '1', '*', '{"type":"from","seq":', ',"time":', '}', '', '0'];

/** Three signals of one room in one batch, sent (the hub closing sends what is queued) and answered `answer`; what each signal got. */
async function batchAnswered(answer: unknown): Promise<Array<PromiseSettledResult<PublishReply>>> {
  const batches = new PublishBatches(async () => answer, 60_000);
  const taken = [batches.add('room', signal('ann')), batches.add('room', signal('bob')), batches.add('room', signal('cat'))];
  batches.close();
  return Promise.allSettled(taken);
}

describe('the answer to a batch of signals', () => {
  it('gives each signal its own outcome, seq and time when Redis answers three entries a signal', async () => {
    const settled = await batchAnswered(['ok', 7, 1000, 'duplicate', 5, 999, 'not_joined', 0, 0]);
    assert.deepEqual(
      settled.map((s) => (s.status === 'fulfilled' ? s.value : s.reason)),
      [
        ['ok', 7, 1000],
        ['duplicate', 5, 999],
        ['not_joined', 0, 0],
      ],
    );
  });

  it('refuses every signal of the batch when Redis answers fewer entries than three a signal', async () => {
    const settled = await batchAnswered(['ok', 7, 1000, 'ok', 8, 1000]);
    assert.deepEqual(
      settled.map((s) => s.status),
      ['rejected', 'rejected', 'rejected'],
    );
    for (const s of settled) {
      const reason = (s as PromiseRejectedResult).reason as Error;
      assert.ok(reason instanceof BatchAnswerError, 'refused as a failed batch');
      assert.ok(!(reason instanceof ReplyError), 'not a Redis error reply, so the hub answers unavailable');
      assert.match(reason.message, /batch of 3 signals with 6 entries/);
    }
  });

  it('refuses every signal of the batch when Redis answers more entries, or no list at all', async () => {
    for (const answer of [['ok', 1, 1, 'ok', 2, 1, 'ok', 3, 1, 'ok', 4, 1], 'OK', null]) {
      const settled = await batchAnswered(answer);
      assert.deepEqual(
        settled.map((s) => s.status),
        ['rejected', 'rejected', 'rejected'],
        `answer ${JSON.stringify(answer)}`,
      );
    }
  });
});
