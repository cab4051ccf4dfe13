package dev.walnut.benchmarks.pipeline;

/**
 * What the hand-written job broadcasts to every subtask of its rules: a catalogue record (product
 * id and whether the shop may show it) or a new trending ranking.
 */
public final class ShopUpdate {
  public String productId;

  /** Published and active, in stock (or not tracked), not a gift card. */
  public boolean showable;

  /** Tagged {@code no-recommendations}: the scenario's analyst rule drops it. */
  public boolean ruledOut;

  public boolean deleted;

  /** Non-null: this update is the trending ranking, most viewed first. */
  public String[] trending;

  public ShopUpdate() {}
}
