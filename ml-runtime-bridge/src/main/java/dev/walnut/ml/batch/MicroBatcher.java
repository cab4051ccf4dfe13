package dev.walnut.ml.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Groups single requests into batches on one worker thread. Callers {@link #submit} a request and
 * get a future; the worker takes the oldest waiting request and everything queued behind it, up to
 * {@code maxBatch}, and hands them to the {@link Handler} at once. With a zero {@code maxWait} the
 * worker never waits for a batch to fill: a lone request at low load goes out alone, and batches
 * grow only while the handler is busy (the model call takes the time requests need to pile up).
 * With a positive {@code maxWait} it waits up to that long after the first request for more.
 *
 * <p>Back-pressure: the handler runs on the worker, so a handler that blocks (a full set of
 * requests in flight) stops batching; the queue holds at most {@code capacity} requests and {@link
 * #submit} blocks beyond that.
 */
public final class MicroBatcher<I, O> implements AutoCloseable {

  /** One waiting request: its input, its future, and when it was submitted. */
  public record Pending<I, O>(I input, CompletableFuture<O> result, long submittedNanos) {}

  /**
   * Serves one batch: completes every request's future, now or later (it may hand the batch to
   * another thread). If it throws, the batch's incomplete requests fail with that exception.
   */
  @FunctionalInterface
  public interface Handler<I, O> {
    void handle(List<Pending<I, O>> batch) throws Exception;
  }

  private final int maxBatch;
  private final long maxWaitNanos;
  private final Handler<I, O> handler;
  private final BlockingQueue<Pending<I, O>> queue;
  private final Thread worker;
  private volatile boolean closed;

  /**
   * Starts the worker thread (a daemon named {@code threadName}).
   *
   * @param maxWait how long the first request of a batch waits for more; zero: not at all
   * @param capacity how many requests may wait; {@link #submit} blocks beyond
   */
  public MicroBatcher(
      String threadName, int maxBatch, Duration maxWait, int capacity, Handler<I, O> handler) {
    if (maxBatch < 1 || capacity < 1) {
      throw new IllegalArgumentException(
          "maxBatch and capacity must be at least 1, got " + maxBatch + " and " + capacity);
    }
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative, got " + maxWait);
    }
    this.maxBatch = maxBatch;
    this.maxWaitNanos = maxWait.toNanos();
    this.handler = handler;
    this.queue = new LinkedBlockingQueue<>(capacity);
    this.worker = new Thread(this::work, threadName);
    worker.setDaemon(true);
    worker.start();
  }

  /** Queues one request; blocks while {@code capacity} requests are waiting. */
  public CompletableFuture<O> submit(I input) {
    CompletableFuture<O> f = new CompletableFuture<>();
    if (closed) {
      f.completeExceptionally(new IllegalStateException("the batcher is closed"));
      return f;
    }
    try {
      queue.put(new Pending<>(input, f, System.nanoTime()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.completeExceptionally(e);
    }
    if (closed) {
      // closed meanwhile: the worker may have drained the queue already
      List<Pending<I, O>> left = new ArrayList<>();
      queue.drainTo(left);
      fail(left);
    }
    return f;
  }

  public int maxBatch() {
    return maxBatch;
  }

  private void work() {
    List<Pending<I, O>> batch = new ArrayList<>(maxBatch);
    try {
      while (!closed) {
        batch.add(queue.take());
        if (maxWaitNanos == 0) {
          queue.drainTo(batch, maxBatch - 1);
        } else {
          long deadline = System.nanoTime() + maxWaitNanos;
          while (batch.size() < maxBatch) {
            queue.drainTo(batch, maxBatch - batch.size());
            long left = deadline - System.nanoTime();
            if (batch.size() >= maxBatch || left <= 0) {
              break;
            }
            Pending<I, O> next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
              break;
            }
            batch.add(next);
          }
        }
        List<Pending<I, O>> due = List.copyOf(batch);
        batch.clear();
        try {
          handler.handle(due);
        } catch (Exception | Error e) {
          due.forEach(r -> r.result().completeExceptionally(e));
        }
      }
    } catch (InterruptedException e) {
      // closed
    }
    fail(batch);
    List<Pending<I, O>> left = new ArrayList<>();
    queue.drainTo(left);
    fail(left);
  }

  private static <I, O> void fail(List<Pending<I, O>> requests) {
    requests.forEach(
        r -> r.result().completeExceptionally(new IllegalStateException("the batcher is closed")));
  }

  /** Stops the worker after the batch it is serving; requests still queued fail. */
  @Override
  public void close() {
    closed = true;
    worker.interrupt();
  }
}
