package dev.walnut.ml.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Batching on the worker thread: what goes out together, and when. */
class MicroBatcherTest {
  private final Queue<List<Integer>> batches = new ConcurrentLinkedQueue<>();

  private MicroBatcher.Handler<Integer, Integer> recordingTimesTen(
      CountDownLatch entered, CountDownLatch proceed) {
    return batch -> {
      batches.add(batch.stream().map(MicroBatcher.Pending::input).toList());
      entered.countDown();
      proceed.await();
      batch.forEach(p -> p.result().complete(p.input() * 10));
    };
  }

  @Test
  void aLoneRequestGoesOutAloneWithoutWaitingForMore() throws Exception {
    try (MicroBatcher<Integer, Integer> b =
        new MicroBatcher<>(
            "test-batcher",
            8,
            Duration.ZERO,
            100,
            recordingTimesTen(new CountDownLatch(0), new CountDownLatch(0)))) {
      assertThat(b.submit(1).get(10, TimeUnit.SECONDS)).isEqualTo(10);
      assertThat(b.submit(2).get(10, TimeUnit.SECONDS)).isEqualTo(20);
      assertThat(batches).containsExactly(List.of(1), List.of(2));
    }
  }

  @Test
  void requestsArrivingWhileABatchRunsGoOutTogetherUpToTheMaximum() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    try (MicroBatcher<Integer, Integer> b =
        new MicroBatcher<>(
            "test-batcher", 4, Duration.ZERO, 100, recordingTimesTen(entered, proceed))) {
      List<CompletableFuture<Integer>> futures = new ArrayList<>();
      futures.add(b.submit(0));
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 1; i <= 6; i++) {
        futures.add(b.submit(i));
      }
      proceed.countDown();
      for (int i = 0; i <= 6; i++) {
        assertThat(futures.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i * 10);
      }
      assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3, 4), List.of(5, 6));
    }
  }

  @Test
  void withAMaxWaitTheFirstRequestWaitsForTheBatchToFill() throws Exception {
    try (MicroBatcher<Integer, Integer> b =
        new MicroBatcher<>(
            "test-batcher",
            3,
            Duration.ofMinutes(5),
            100,
            recordingTimesTen(new CountDownLatch(0), new CountDownLatch(0)))) {
      CompletableFuture<Integer> first = b.submit(1);
      b.submit(2);
      CompletableFuture<Integer> third = b.submit(3);
      // a full batch goes out at once, long before the five minutes
      assertThat(third.get(30, TimeUnit.SECONDS)).isEqualTo(30);
      assertThat(first.get()).isEqualTo(10);
      assertThat(batches).containsExactly(List.of(1, 2, 3));
    }
  }

  @Test
  void aFailingHandlerFailsItsBatch() {
    try (MicroBatcher<Integer, Integer> b =
        new MicroBatcher<>(
            "test-batcher",
            2,
            Duration.ZERO,
            100,
            batch -> {
              throw new IllegalArgumentException("bad batch of " + batch.size());
            })) {
      assertThatThrownBy(() -> b.submit(1).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .hasMessage("bad batch of 1");
    }
  }

  @Test
  void closingLetsTheRunningBatchFinishAndFailsWhatWaits() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    MicroBatcher<Integer, Integer> b =
        new MicroBatcher<>(
            "test-batcher",
            2,
            Duration.ZERO,
            100,
            batch -> {
              entered.countDown();
              while (true) {
                try {
                  proceed.await();
                  break;
                } catch (InterruptedException e) {
                  // like a native model call, the running batch ignores the interrupt
                }
              }
              batch.forEach(p -> p.result().complete(p.input() * 10));
            });
    CompletableFuture<Integer> running = b.submit(1);
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Integer> waiting = b.submit(2);
    b.close();
    proceed.countDown();
    assertThat(running.get(10, TimeUnit.SECONDS)).isEqualTo(10);
    assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .hasMessage("the batcher is closed");
    assertThatThrownBy(() -> b.submit(3).get(10, TimeUnit.SECONDS))
        .cause()
        .hasMessage("the batcher is closed");
  }
}
