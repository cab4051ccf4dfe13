package dev.walnut.engine.scenario;

/**
 * A node's {@code additionalFields}: description and canvas position ({@code layoutData}).
 *
 * @param layoutData null when the node has no position yet
 */
public record AdditionalFields(String description, LayoutData layoutData, JsonExtras extras) {
  public static final AdditionalFields EMPTY = new AdditionalFields(null, null, JsonExtras.NONE);

  public static AdditionalFields at(long x, long y) {
    return new AdditionalFields(null, new LayoutData(x, y), JsonExtras.NONE);
  }

  public AdditionalFields withLayout(LayoutData layout) {
    return new AdditionalFields(description, layout, extras);
  }

  /** Canvas position. */
  public record LayoutData(long x, long y) {}
}
