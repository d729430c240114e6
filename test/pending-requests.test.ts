import { PendingRequests } from '../lib/performance/worker-thread';

// How the render pool and the decrypt worker match a worker thread's answers to their requests.
describe('requests to a worker thread', () => {
  test('each answer settles the request whose id it carries, in any order', async () => {
    const requests = new PendingRequests<string>();
    const posted: number[] = [];
    const first = requests.send((id) => posted.push(id));
    const second = requests.send((id) => posted.push(id));
    expect(posted).toEqual([0, 1]);
    requests.answer(1, 'second');
    requests.answer(0, 'first');
    await expect(Promise.all([first, second])).resolves.toEqual(['first', 'second']);
  });

  test('a failed request rejects alone; a failed worker rejects every request still waiting', async () => {
    const requests = new PendingRequests<string>();
    const one = requests.send(() => undefined);
    const two = requests.send(() => undefined);
    const three = requests.send(() => undefined);
    requests.fail(0, new Error('crashed on this job'));
    await expect(one).rejects.toThrow('crashed on this job');
    requests.answer(1, 'done');
    requests.failAll(new Error('the worker stopped'));
    await expect(two).resolves.toBe('done');
    await expect(three).rejects.toThrow('the worker stopped');
    // Settled requests are gone: a late answer changes nothing.
    expect(() => requests.answer(2, 'late')).not.toThrow();
  });
});
