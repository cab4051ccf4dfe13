package dev.walnut.benchmarks.pipeline;

/**
 * A shopper's product event as the hand-written job parses it from the collector's JSON (a Flink
 * POJO: public fields, no-argument constructor, so Flink serialises it field by field).
 */
public final class View {
  public String eventId;

  /** {@code c:<user id>} when logged in, else {@code a:<domain user id>}, as the scenario keys. */
  public String shopper;

  public String customerId;
  public String handle;
  public String productId;

  /** {@code product_view}, {@code add_to_cart} or {@code transaction}. */
  public String action;

  public long collectorMillis;
  public long eventMillis;

  public View() {}
}
