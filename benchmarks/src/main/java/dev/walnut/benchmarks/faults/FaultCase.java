package dev.walnut.benchmarks.faults;

/** The faults the reliability suite and {@code walnut bench faults} cause. */
public enum FaultCase {
  /**
   * The co-visit scenario's Task Manager is lost mid-stream; a replacement starts and the job
   * restores its last checkpoint.
   */
  TASK_MANAGER_LOSS("task-manager-loss", "co-visit: Task Manager lost mid-stream, restore"),
  /** The Kafka broker stops mid-stream and starts again on the same port with the same data. */
  BROKER_RESTART("broker-restart", "co-visit: Kafka broker restarted (same port, same data)"),
  /**
   * The local Shopify answers 429 (Retry-After) and 503 to every Admin call for a while, and the
   * sink's Task Manager is lost in the middle of it.
   */
  SHOPIFY_OUTAGE("shopify-outage", "shopify: 429/503 outage + Task Manager lost during it"),
  /**
   * The Snowplow collector keeps receiving tracker requests while its Kafka broker is stopped and
   * started again on the same port with the same data.
   */
  COLLECTOR_OUTAGE("collector-outage", "collector: tracker traffic while Kafka is down");

  private final String id;
  private final String description;

  FaultCase(String id, String description) {
    this.id = id;
    this.description = description;
  }

  /** The case's name on the command line and in the table. */
  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  /**
   * @throws IllegalArgumentException listing the known cases
   */
  public static FaultCase parse(String id) {
    for (FaultCase c : values()) {
      if (c.id.equals(id)) {
        return c;
      }
    }
    StringBuilder known = new StringBuilder();
    for (FaultCase c : values()) {
      known.append(known.isEmpty() ? "" : ", ").append(c.id);
    }
    throw new IllegalArgumentException("unknown fault case `" + id + "`; known: " + known);
  }
}
