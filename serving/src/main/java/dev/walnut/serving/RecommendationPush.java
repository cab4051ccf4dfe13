package dev.walnut.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-Sent Events of a shopper's new recommendations: each subscriber gets the current row at
 * once, then every change. One poller reads the rows of all subscribed shoppers in one query per
 * interval; the table stays the only state (an instance can die and a client reconnects to any
 * other), and no trigger or write privilege is needed in the database.
 */
final class RecommendationPush implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RecommendationPush.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RecommendationTables tables;
  private final int maxSubscribers;
  private final AtomicInteger subscribers = new AtomicInteger();
  private final Map<String, Set<ServerSentEventConnection>> byShopper = new ConcurrentHashMap<>();
  private final Map<String, String> lastSent = new ConcurrentHashMap<>();
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "walnut-serving-push");
            t.setDaemon(true);
            return t;
          });

  RecommendationPush(RecommendationTables tables, Duration interval, int maxSubscribers) {
    this.tables = tables;
    this.maxSubscribers = maxSubscribers;
    poller.scheduleWithFixedDelay(
        this::pollSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether another subscriber fits; false means the client should be told to come back later. */
  boolean subscribe(String shopper, ServerSentEventConnection connection) {
    if (subscribers.incrementAndGet() > maxSubscribers) {
      subscribers.decrementAndGet();
      return false;
    }
    connection.addCloseTask(
        c -> {
          subscribers.decrementAndGet();
          byShopper.computeIfPresent(
              shopper,
              (k, set) -> {
                set.remove(c);
                if (set.isEmpty()) {
                  lastSent.remove(k);
                  return null;
                }
                return set;
              });
        });
    // the current row first, so the page need not also ask for it
    poller.execute(
        () -> {
          byShopper.computeIfAbsent(shopper, k -> ConcurrentHashMap.newKeySet()).add(connection);
          try {
            tables
                .recommendationsFor(shopper)
                .ifPresent(
                    row -> {
                      String text = json(row);
                      connection.send(text, "recommendations", null, null);
                      lastSent.putIfAbsent(shopper, text);
                    });
          } catch (RuntimeException e) {
            LOG.warn("cannot read the recommendations of a new subscriber: {}", e.getMessage());
          }
        });
    return true;
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      // the database may be restarting: the next poll tries again
      LOG.warn("push poll failed: {}", e.getMessage());
    }
  }

  private void poll() {
    if (byShopper.isEmpty()) {
      return;
    }
    Map<String, Map<String, Object>> rows = tables.recommendationsForAll(byShopper.keySet());
    rows.forEach(
        (shopper, row) -> {
          String text = json(row);
          if (text.equals(lastSent.put(shopper, text))) {
            return;
          }
          for (ServerSentEventConnection c : byShopper.getOrDefault(shopper, Set.of())) {
            c.send(text, "recommendations", null, null);
          }
        });
  }

  private static String json(Map<String, Object> row) {
    try {
      return JSON.writeValueAsString(row);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a row as JSON", e);
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
    byShopper.values().forEach(set -> set.forEach(ServerSentEventConnection::shutdown));
  }
}
