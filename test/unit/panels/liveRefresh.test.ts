// The overview's live refresh (src/extension/panels/functionOverview/liveRefresh.ts) on mocked timers: it ticks only while
// visible, never two at once however slow a tick is, catches up when shown again, waits a whole interval after a
// refresh of its own, and stops for good when disposed.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { LiveRefresh } from '../../../src/extension/panels/functionOverview/liveRefresh';

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('live refresh', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 }));
  afterEach(() => mock.timers.reset());

  it('ticks every interval while visible, and not at all while hidden', async () => {
    let ticks = 0;
    const live = new LiveRefresh(
      async () => void ticks++,
      () => 30_000,
    );
    mock.timers.tick(120_000);
    await flush();
    assert.equal(ticks, 0, 'never visible: no tick');
    live.setVisible(true);
    await flush();
    assert.equal(ticks, 0, 'the last load is what the panel just showed: no tick at once');
    for (let i = 1; i <= 3; i++) {
      mock.timers.tick(30_000);
      await flush();
      assert.equal(ticks, i);
    }
    live.setVisible(false);
    mock.timers.tick(300_000);
    await flush();
    assert.equal(ticks, 3, 'hidden: no tick');
    live.setVisible(true);
    await flush();
    mock.timers.tick(0);
    await flush();
    assert.equal(ticks, 4, 'shown after more than an interval: one tick at once');
    live.dispose();
    mock.timers.tick(300_000);
    await flush();
    assert.equal(ticks, 4, 'disposed: no tick');
  });

  it('never starts a tick before the last one has finished', async () => {
    let running = 0;
    let most = 0;
    let finish: (() => void) | undefined;
    const live = new LiveRefresh(
      () => {
        running++;
        most = Math.max(most, running);
        return new Promise<void>((resolve) => {
          finish = () => {
            running--;
            resolve();
          };
        });
      },
      () => 1_000,
    );
    live.setVisible(true);
    mock.timers.tick(1_000);
    await flush();
    assert.equal(running, 1);
    mock.timers.tick(10_000);
    live.setVisible(true);
    await flush();
    assert.equal(most, 1, 'a slow answer does not stack requests');
    finish?.();
    await flush();
    mock.timers.tick(999);
    await flush();
    assert.equal(running, 0, 'the next waits a whole interval after the last ended');
    mock.timers.tick(1);
    await flush();
    assert.equal(running, 1);
    live.dispose();
  });

  it('waits a whole interval again after the panel refreshed itself', async () => {
    let ticks = 0;
    const live = new LiveRefresh(
      async () => void ticks++,
      () => 30_000,
    );
    live.setVisible(true);
    mock.timers.tick(20_000);
    live.restart();
    mock.timers.tick(20_000);
    await flush();
    assert.equal(ticks, 0);
    mock.timers.tick(10_000);
    await flush();
    assert.equal(ticks, 1);
    live.dispose();
  });
});
