import { expect, test } from "vitest";
import { Semaphore } from "./semaphore";

test("lets `limit` holders in and queues the rest in arrival order", async () => {
  const semaphore = new Semaphore(2);
  const first = await semaphore.acquire();
  await semaphore.acquire();
  const order: number[] = [];
  const third = semaphore.acquire().then((release) => (order.push(3), release));
  const fourth = semaphore.acquire().then((release) => (order.push(4), release));
  await Promise.resolve();
  expect([semaphore.running, semaphore.waiting]).toEqual([2, 2]);

  first();
  (await third)();
  (await fourth)();
  expect(order).toEqual([3, 4]);
  expect(semaphore.maxObservedRunning).toBe(2);
});

test("a release called twice frees one slot only", async () => {
  const semaphore = new Semaphore(1);
  const release = await semaphore.acquire();
  release();
  release();
  expect(semaphore.running).toBe(0);
  await semaphore.acquire();
  expect(semaphore.running).toBe(1);
});

test("tryAcquire takes a free slot and declines when none is free", async () => {
  const semaphore = new Semaphore(1);
  const release = semaphore.tryAcquire();
  expect(release).not.toBeNull();
  expect(semaphore.tryAcquire()).toBeNull();
  release!();
  expect(semaphore.running).toBe(0);
});
