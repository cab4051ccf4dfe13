package dev.walnut.benchmarks.faults;

import dev.walnut.api.json.JsonValues;
import dev.walnut.embedded.shopify.LocalShopify;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Recommendation updates {@code {customerId, products, scores}} for a set of shoppers flowing into
 * a topic, keyed by shopper (one shopper's updates stay in order), each shopper's list changing
 * with every update; remembers each shopper's last list to check the shop against.
 */
final class ShopifyUpdates implements AutoCloseable {
  static final String TOKEN_PROPERTY = "shopify.faults.token";
  static final String TOKEN = "shpat_walnut_faults";
  static final String HANDLE_KEY_PROPERTY = "shopify.faults.handle-key";
  static final String HANDLE_KEY = "the-handle-key-of-the-fault-shop";
  private static final long FIRST_CUSTOMER = 9_100_000_000L;

  private final String topic;
  private final int shoppers;
  private final List<String> products;
  private final KafkaProducer<String, String> producer;
  private final Map<Long, String> lastProducts = new ConcurrentHashMap<>();
  private final AtomicLong acknowledged = new AtomicLong();
  private volatile boolean running;
  private Thread thread;

  ShopifyUpdates(String bootstrapServers, String topic, int shoppers, List<String> productGids) {
    this.topic = topic;
    this.shoppers = shoppers;
    this.products = productGids;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "walnut-fault-updates");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  /** Starts sending {@code perSecond} updates a second, round-robin over the shoppers. */
  void start(int perSecond) {
    running = true;
    thread =
        new Thread(
            () -> {
              long n = 0;
              long next = System.nanoTime();
              long period = 1_000_000_000L / perSecond;
              while (running) {
                send(n++);
                next += period;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                  try {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                }
              }
            },
            "walnut-fault-updates");
    thread.setDaemon(true);
    thread.start();
  }

  private void send(long n) {
    long customer = FIRST_CUSTOMER + n % shoppers;
    long round = n / shoppers;
    List<String> gids = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String gid = products.get((int) ((round * 7 + customer % 13 + i * 31) % products.size()));
      gids.add(gid);
      ids.add(Long.parseLong(gid.substring(gid.lastIndexOf('/') + 1)));
    }
    String value =
        JsonValues.write(
            Map.of("customerId", customer, "products", ids, "scores", List.of(0.9, 0.5, 0.1)));
    String expected = JsonValues.write(gids);
    producer.send(
        new ProducerRecord<>(topic, String.valueOf(customer), value),
        (metadata, exception) -> {
          if (exception == null) {
            acknowledged.incrementAndGet();
          }
        });
    // one thread sends, and a shopper's records keep their order on its partition
    lastProducts.put(customer, expected);
  }

  /** Stops sending and waits until everything sent is acknowledged. */
  void finish() throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.join();
    }
    producer.flush();
  }

  long acknowledged() {
    return acknowledged.get();
  }

  /** Each shopper's handle → the product list of their last update. */
  Map<String, String> lastProducts() {
    Map<String, String> out = new java.util.HashMap<>();
    lastProducts.forEach((customer, list) -> out.put(handle(customer), list));
    return out;
  }

  /** Shoppers whose metaobject is missing or not their last update. */
  long wrong(LocalShopify shopify, String type) {
    long wrong = 0;
    for (Map.Entry<String, String> e : lastProducts().entrySet()) {
      String stored = shopify.metaobject(type, e.getKey()).map(f -> f.get("products")).orElse(null);
      if (!e.getValue().equals(stored)) {
        wrong++;
      }
    }
    return wrong;
  }

  /** The handle the storefront computes for a customer: HMAC-SHA256 under the handle key. */
  static String handle(long customer) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(HANDLE_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] d = mac.doFinal(String.valueOf(customer).getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder("c-");
      for (int i = 0; i < 16; i++) {
        hex.append(String.format("%02x", d[i]));
      }
      return hex.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  @Override
  public void close() {
    running = false;
    producer.close(Duration.ofSeconds(10));
  }
}
