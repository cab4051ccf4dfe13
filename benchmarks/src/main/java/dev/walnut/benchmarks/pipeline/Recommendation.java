package dev.walnut.benchmarks.pipeline;

/**
 * One product view on its way through the hand-written job: the shopper's window (filled by {@link
 * ShopperWindow}), the model's answer ({@link BatchedScoring}), the list after the rules ({@link
 * RecommendationRules}). A Flink POJO; with object reuse on, each operator fills the next fields of
 * the same object instead of copying it.
 */
public final class Recommendation {
  public String shopper;
  public String customerId;
  public String handle;
  public String viewed;
  public long collectorMillis;
  public long eventMillis;

  /** The shopper's views in the window, oldest first, at most 50 (the current one last). */
  public String[] window;

  /** What the shopper added to the cart or bought in the last 30 days. */
  public String[] boughtOrInCart;

  public String[] topItems;
  public float[] topScores;
  public String modelVersion;

  public String[] products;
  public double[] scores;
  public String[] sources;

  public Recommendation() {}
}
