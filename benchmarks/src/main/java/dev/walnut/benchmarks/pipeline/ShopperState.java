package dev.walnut.benchmarks.pipeline;

import java.util.HashMap;

/**
 * One shopper's state in the hand-written job (a Flink POJO): the last views as a ring of at most
 * {@link ShopperWindow#LAST} (id, time), the cart/purchases of the last 30 days, and the event ids
 * of the last 10 minutes (the duplicate check the {@code snowplow} source does).
 */
public final class ShopperState {
  public String[] items;
  public long[] times;

  /** Index of the oldest view in the ring. */
  public int head;

  public int size;
  public HashMap<String, Long> boughtOrInCart;
  public HashMap<String, Long> recentEvents;

  public ShopperState() {}
}
