package dev.walnut.api.debug;

import dev.walnut.api.annotation.Internal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The records debugging sinks ({@code collect}) keep for analysts: the last N per scenario and sink
 * node, in this JVM (the MiniCluster of the CLI or designer), with listeners for a live tail.
 * Bounded: a buffer never holds more than its capacity.
 *
 * <p>Internal: the rendezvous between the {@code collect} sink and the host process that shows its
 * records (the engine's deployer, the CLI, the designer); it lives in the API only because those
 * modules must not depend on each other. A component author's sink writes to the outside world.
 */
@Internal
public final class CollectedRecords {
  private static final Map<String, Buffer> BUFFERS = new ConcurrentHashMap<>();
  private static final Map<String, List<Consumer<String>>> LISTENERS = new ConcurrentHashMap<>();

  private CollectedRecords() {}

  /** The buffer of one sink, created with the given capacity when first used. */
  public static Buffer buffer(String scenarioId, String nodeId, int capacity) {
    String key = key(scenarioId, nodeId);
    return BUFFERS.computeIfAbsent(
        key,
        k -> new Buffer(capacity, LISTENERS.computeIfAbsent(k, x -> new CopyOnWriteArrayList<>())));
  }

  /**
   * Calls {@code listener} with every record a sink keeps from now on, also when the sink has not
   * started yet; returns how to stop listening.
   */
  public static Runnable listen(String scenarioId, String nodeId, Consumer<String> listener) {
    List<Consumer<String>> l =
        LISTENERS.computeIfAbsent(key(scenarioId, nodeId), x -> new CopyOnWriteArrayList<>());
    l.add(listener);
    return () -> l.remove(listener);
  }

  /** The records a sink holds now, oldest first; empty when the sink never ran here. */
  public static List<String> snapshot(String scenarioId, String nodeId) {
    Buffer b = BUFFERS.get(key(scenarioId, nodeId));
    return b == null ? List.of() : b.snapshot();
  }

  /** Drops the buffers of a scenario (e.g. when it is redeployed). */
  public static void clear(String scenarioId) {
    BUFFERS.keySet().removeIf(k -> k.startsWith(scenarioId + "\u0000"));
  }

  private static String key(String scenarioId, String nodeId) {
    return scenarioId + "\u0000" + nodeId;
  }

  /** A bounded ring of JSON lines with listeners. */
  public static final class Buffer {
    private final int capacity;
    private final ArrayDeque<String> records;
    private final List<Consumer<String>> listeners;

    private Buffer(int capacity, List<Consumer<String>> listeners) {
      this.listeners = listeners;
      if (capacity < 1) {
        throw new IllegalArgumentException("capacity must be positive, got " + capacity);
      }
      this.capacity = capacity;
      this.records = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    public void add(String json) {
      synchronized (records) {
        if (records.size() == capacity) {
          records.removeFirst();
        }
        records.addLast(json);
      }
      for (Consumer<String> l : listeners) {
        l.accept(json);
      }
    }

    public List<String> snapshot() {
      synchronized (records) {
        return List.copyOf(new ArrayList<>(records));
      }
    }
  }
}
