package dev.walnut.snowplow.collector.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends generated malformed requests at a running collector over raw sockets (so it can send what
 * no HTTP client would: random methods, broken request lines, bodies shorter than their {@code
 * Content-Length}, huge headers) and keeps the books: every answer's status, every request left
 * without an answer, and how many Kafka records the collector must have written for the requests it
 * answered 200 (one per tracker event, one bad row per unreadable request). A test and {@code
 * walnut bench collector-fuzz} run it against the real collector on a real broker and compare that
 * count with the records in the good and bad topics.
 *
 * <p>The mix, per request: valid and mutated GET pixels, tp2 batches (1–20 events, sometimes more
 * than the per-request limit), truncated JSON, bad base64 and bad JSON inside {@code cx}/{@code
 * ue_px}, random bytes, bodies of random size up to and beyond the body limit, random methods and
 * paths, huge headers, garbage request lines, and bodies cut short of their {@code Content-Length}.
 * Bodies are mostly small, and 1 in 500 is between 0 and 1.1 × the body limit, so 10⁶ requests move
 * about 1 GB, not 500 GB.
 */
public final class CollectorFuzzer {
  private static final String TP2 = "/com.snowplowanalytics.snowplow/tp2";
  private static final String PAYLOAD_SCHEMA =
      "iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String host;
  private final int port;
  private final int maxBodyBytes;
  private final int maxEventsPerRequest;
  private final long seed;

  private CollectorFuzzer(
      String host, int port, int maxBodyBytes, int maxEventsPerRequest, long seed) {
    this.host = host;
    this.port = port;
    this.maxBodyBytes = maxBodyBytes;
    this.maxEventsPerRequest = maxEventsPerRequest;
    this.seed = seed;
  }

  /**
   * A fuzzer for the collector at {@code host:port}, configured with these limits (the expected
   * record counts depend on them).
   */
  public static CollectorFuzzer of(
      String host, int port, int maxBodyBytes, int maxEventsPerRequest, long seed) {
    return new CollectorFuzzer(host, port, maxBodyBytes, maxEventsPerRequest, seed);
  }

  /** What a run saw. {@code memory} is sampled every 200 ms while it ran. */
  public record Result(
      long requests,
      long answered,
      long unanswered,
      long crashes,
      long expectedRecords,
      Map<Integer, Long> statuses,
      long maxRssBytes,
      long maxHeapUsedBytes,
      long seconds) {}

  /** One generated request: its bytes, and the records a 200 answer to it stands for. */
  record Case(byte[] head, byte[] body, boolean cutShort, boolean isHead, int recordsIf200) {}

  /**
   * Sends {@code requests} requests over {@code connections} keep-alive connections (one thread
   * each) and waits for every answer.
   */
  public Result run(long requests, int connections) throws InterruptedException {
    AtomicLong next = new AtomicLong();
    LongAdder answered = new LongAdder();
    LongAdder unanswered = new LongAdder();
    LongAdder crashes = new LongAdder();
    LongAdder expected = new LongAdder();
    Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    MemorySampler memory = new MemorySampler();
    memory.start();
    long start = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < connections; t++) {
      Thread thread =
          new Thread(
              () -> {
                Connection connection = new Connection();
                try {
                  for (long i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    Case c = generate(new Random(seed * 1_000_003L + i));
                    int status = connection.exchange(c);
                    if (status > 0) {
                      answered.increment();
                      statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                      if (status == 200) {
                        expected.add(c.recordsIf200());
                      }
                      if (status >= 500 && status != 503) {
                        crashes.increment();
                      }
                    } else if (status == REFUSED) {
                      crashes.increment();
                      unanswered.increment();
                    } else {
                      unanswered.increment();
                    }
                  }
                } finally {
                  connection.close();
                }
              },
              "collector-fuzz-" + t);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    memory.stop();
    Map<Integer, Long> byStatus = new TreeMap<>();
    statuses.forEach((k, v) -> byStatus.put(k, v.sum()));
    return new Result(
        requests,
        answered.sum(),
        unanswered.sum(),
        crashes.sum(),
        expected.sum(),
        byStatus,
        memory.maxRss,
        memory.maxHeap,
        seconds);
  }

  // ---- generation ----------------------------------------------------------------------------

  Case generate(Random r) {
    int kind = r.nextInt(100);
    if (kind < 15) {
      return get("/i?" + query(event(r, "g")), 1);
    }
    if (kind < 22) {
      Map<String, String> e = event(r, "m");
      mutate(r, e);
      return get((r.nextBoolean() ? "/i?" : "/ice.png?") + query(e), 1);
    }
    if (kind < 25) {
      return get("/i?" + randomQuery(r), 1);
    }
    if (kind < 27) {
      // HEAD without parameters is a probe (nothing recorded); with them, an event
      return r.nextBoolean()
          ? request("HEAD", "/i", Map.of(), new byte[0], true, 0)
          : request("HEAD", "/i?" + query(event(r, "h")), Map.of(), new byte[0], true, 1);
    }
    if (kind < 45 || (kind < 47 && r.nextInt(10) != 0)) {
      int n = 1 + r.nextInt(20);
      List<Map<String, String>> events = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Map<String, String> e = event(r, "p" + i);
        if (r.nextInt(3) == 0) {
          mutate(r, e);
        }
        events.add(e);
      }
      return post(TP2, payload(events), n);
    }
    if (kind < 47) {
      // around the per-request event limit (1 in 500 requests): above it, one size_violation
      int n = maxEventsPerRequest - 5 + r.nextInt(20);
      List<Map<String, String>> events = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("e", "pv");
        e.put("p", "web");
        e.put("tv", "fuzz");
        events.add(e);
      }
      byte[] body = payload(events);
      return post(TP2, body, body.length > maxBodyBytes ? 1 : n > maxEventsPerRequest ? 1 : n);
    }
    if (kind < 57) {
      // truncated JSON: any proper prefix of a JSON object is not JSON
      byte[] body = payload(List.of(event(r, "t1"), event(r, "t2")));
      int cut = 1 + r.nextInt(body.length - 1);
      return post(TP2, java.util.Arrays.copyOf(body, cut), 1);
    }
    if (kind < 62) {
      byte[] junk = new byte[1 + r.nextInt(2_000)];
      r.nextBytes(junk);
      return post(TP2, junk, 1);
    }
    if (kind < 67) {
      String[] shapes = {
        "{\"schema\":\"" + PAYLOAD_SCHEMA + "\",\"data\":" + r.nextInt() + "}",
        "{\"schema\":\"" + PAYLOAD_SCHEMA + "\",\"data\":[]}",
        "{\"schema\":\"iglu:com.acme/x/jsonschema/1-0-0\",\"data\":[{\"e\":\"pv\"}]}",
        "[1,2,3]",
        "null",
        "",
        "{\"data\":[{\"e\":\"pv\"}]}",
      };
      return post(TP2, shapes[r.nextInt(shapes.length)].getBytes(StandardCharsets.UTF_8), 1);
    }
    if (kind < 70) {
      // data elements that are not flat objects: one bad row each
      return post(
          TP2,
          ("{\"schema\":\""
                  + PAYLOAD_SCHEMA
                  + "\",\"data\":[1,\"two\",{\"e\":{\"nested\":true}},[],{\"e\":\"pv\"}]}")
              .getBytes(StandardCharsets.UTF_8),
          5);
    }
    if (kind < 73) {
      // a body of random size up to 1.1 × the limit (1 in 1,000 of all requests)
      if (r.nextInt(30) == 0) {
        byte[] big = new byte[r.nextInt(maxBodyBytes + maxBodyBytes / 10)];
        for (int i = 0; i < big.length; i++) {
          big[i] = (byte) ('a' + (i % 26));
        }
        return post(TP2, big, 1);
      }
      return post("/" + word(r) + "/" + word(r), randomText(r, 200), 1);
    }
    if (kind < 80) {
      String[] methods = {"PUT", "DELETE", "PATCH", "TRACE", "FOO", "GET", "POST", "OPTIONS"};
      String method = methods[r.nextInt(methods.length)];
      String path =
          switch (r.nextInt(5)) {
            case 0 -> "/";
            // prefixed: a random word must not hit a real endpoint such as /i
            case 1 -> "/x-" + word(r);
            case 2 -> "/x-" + word(r) + "/" + word(r) + "/" + word(r);
            case 3 -> "/micro/all";
            default -> "/r/tp2?u=https%3A%2F%2Fevil.example%2F";
          };
      return request(method, path, Map.of(), randomText(r, 100), false, 0);
    }
    if (kind < 87) {
      // huge headers: some within Undertow's 64 KiB header limit, some above it
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("X-Fuzz", "v".repeat(1_000 + r.nextInt(70_000)));
      headers.put("Cookie", "sp=not-a-uuid; other=" + "c".repeat(r.nextInt(2_000)));
      headers.put("X-Forwarded-For", randomAscii(r, 50));
      return request("POST", TP2, headers, payload(List.of(event(r, "hh"))), false, 1);
    }
    if (kind < 92) {
      // garbage request line
      byte[] junk = randomText(r, 1 + r.nextInt(300));
      byte[] head = new byte[junk.length + 4];
      System.arraycopy(junk, 0, head, 0, junk.length);
      head[junk.length] = '\r';
      head[junk.length + 1] = '\n';
      head[junk.length + 2] = '\r';
      head[junk.length + 3] = '\n';
      return new Case(head, new byte[0], false, false, 0);
    }
    if (kind < 95) {
      // a body cut short of its Content-Length, then the client stops sending
      byte[] body = payload(List.of(event(r, "c")));
      Case full = post(TP2, body, 0);
      return new Case(
          full.head(), java.util.Arrays.copyOf(body, r.nextInt(body.length)), true, false, 0);
    }
    Map<String, String> e = event(r, "n");
    e.put("nuid", r.nextBoolean() ? "x; Domain=evil.example" : randomAscii(r, 40));
    e.put("ue_px", randomAscii(r, 1 + r.nextInt(300)));
    return get("/i?" + query(e), 1);
  }

  private Case get(String target, int records) {
    return request("GET", target, Map.of(), new byte[0], false, records);
  }

  private Case post(String path, byte[] body, int records) {
    return request(
        "POST",
        path,
        Map.of("Content-Type", "application/json; charset=UTF-8"),
        body,
        false,
        records);
  }

  private static Case request(
      String method,
      String target,
      Map<String, String> headers,
      byte[] body,
      boolean isHead,
      int records) {
    StringBuilder head = new StringBuilder(256);
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: collector.example\r\n");
    head.append("User-Agent: walnut-fuzz\r\n");
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    if (body.length > 0 || method.equals("POST") || method.equals("PUT")) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    return new Case(
        head.toString().getBytes(StandardCharsets.ISO_8859_1), body, false, isHead, records);
  }

  private static Map<String, String> event(Random r, String tag) {
    Map<String, String> e = new LinkedHashMap<>();
    e.put("e", r.nextInt(4) == 0 ? "ue" : "pv");
    e.put("p", "web");
    e.put("tv", "fuzz-0.1");
    e.put("aid", "shop");
    e.put("eid", new java.util.UUID(r.nextLong(), r.nextLong()).toString());
    e.put("duid", "shopper-" + r.nextInt(1_000));
    e.put("url", "https://shop.example/p/" + tag + "/" + r.nextInt(100_000));
    e.put("dtm", String.valueOf(System.currentTimeMillis() - r.nextInt(10_000)));
    e.put("stm", String.valueOf(System.currentTimeMillis()));
    if (e.get("e").equals("ue")) {
      e.put(
          "ue_px",
          b64(
              "{\"schema\":\"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0\","
                  + "\"data\":{\"schema\":\"iglu:com.snowplowanalytics.snowplow.ecommerce/"
                  + "snowplow_ecommerce_action/jsonschema/1-0-2\",\"data\":{\"type\":\"product_view\"}}}"));
    }
    e.put(
        "cx",
        b64(
            "{\"schema\":\"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0\","
                + "\"data\":[{\"schema\":\"iglu:com.snowplowanalytics.snowplow.ecommerce/product/"
                + "jsonschema/1-0-0\",\"data\":{\"id\":\"p"
                + r.nextInt(500)
                + "\",\"price\":4.5,\"currency\":\"EUR\"}}]}"));
    return e;
  }

  /** Breaks one thing: a required field, the base64 or JSON of {@code cx}, a character. */
  private static void mutate(Random r, Map<String, String> e) {
    switch (r.nextInt(6)) {
      case 0 -> e.remove(List.of("e", "p", "tv").get(r.nextInt(3)));
      case 1 -> e.put("cx", "%%%not*base64" + r.nextInt());
      case 2 -> e.put("cx", b64("{\"schema\":\"x\",\"data\":[" + r.nextInt()));
      case 3 -> e.put("e", "zz" + r.nextInt(100));
      case 4 -> e.put("ue_pr", "{\"schema\":1}");
      default -> {
        String key = List.copyOf(e.keySet()).get(r.nextInt(e.size()));
        char[] chars = e.get(key).toCharArray();
        if (chars.length > 0) {
          chars[r.nextInt(chars.length)] = (char) r.nextInt(0x3000);
        }
        e.put(key, new String(chars));
      }
    }
  }

  private static byte[] payload(List<Map<String, String>> events) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schema", PAYLOAD_SCHEMA);
    body.put("data", events);
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String query(Map<String, String> params) {
    StringBuilder sb = new StringBuilder();
    params.forEach(
        (k, v) -> {
          if (sb.length() > 0) {
            sb.append('&');
          }
          sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
    return sb.toString();
  }

  /** Random pairs, properly percent-encoded, sometimes nothing but separators. */
  private static String randomQuery(Random r) {
    if (r.nextInt(10) == 0) {
      return "&&=&";
    }
    Map<String, String> params = new LinkedHashMap<>();
    int n = 1 + r.nextInt(8);
    for (int i = 0; i < n; i++) {
      params.put(randomAscii(r, 1 + r.nextInt(6)), randomAscii(r, r.nextInt(60)));
    }
    return query(params);
  }

  private static String word(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = 1 + r.nextInt(10);
    for (int i = 0; i < n; i++) {
      sb.append((char) ('a' + r.nextInt(26)));
    }
    return sb.toString();
  }

  private static String randomAscii(Random r, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) (32 + r.nextInt(95)));
    }
    return sb.toString();
  }

  /** Printable text without CR/LF (so it cannot end a request line early). */
  private static byte[] randomText(Random r, int n) {
    return randomAscii(r, n).getBytes(StandardCharsets.US_ASCII);
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  // ---- the wire ------------------------------------------------------------------------------

  private static final int NO_ANSWER = -1;
  private static final int REFUSED = -3;

  /** A keep-alive connection, reopened after the server closes it. */
  private final class Connection {
    private Socket socket;
    private InputStream in;

    int exchange(Case c) {
      try {
        if (socket == null) {
          try {
            socket = new Socket(host, port);
          } catch (ConnectException e) {
            return REFUSED;
          }
          socket.setSoTimeout(60_000);
          socket.setTcpNoDelay(true);
          in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        }
        OutputStream out = socket.getOutputStream();
        out.write(c.head());
        out.write(c.body());
        out.flush();
        if (c.cutShort()) {
          socket.shutdownOutput();
        }
        int status = readResponse(c.isHead());
        if (status <= 0 || c.cutShort() || closeAfter) {
          close();
        }
        return status;
      } catch (SocketTimeoutException e) {
        close();
        return NO_ANSWER;
      } catch (IOException e) {
        close();
        return NO_ANSWER;
      }
    }

    private boolean closeAfter;

    /** The status; the body is read and dropped. */
    private int readResponse(boolean isHead) throws IOException {
      closeAfter = false;
      String statusLine = line();
      if (statusLine == null) {
        return NO_ANSWER;
      }
      if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
        throw new IOException("not an HTTP answer: " + statusLine);
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      for (String h = line(); h != null && !h.isEmpty(); h = line()) {
        int colon = h.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = h.substring(0, colon).trim();
        String value = h.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("Content-Length")) {
          length = Long.parseLong(value);
        } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
          chunked = value.equalsIgnoreCase("chunked");
        } else if (name.equalsIgnoreCase("Connection")) {
          closeAfter = value.equalsIgnoreCase("close");
        }
      }
      if (isHead) {
        return status;
      }
      if (chunked) {
        for (long size = Long.parseLong(line().trim(), 16); size > 0; ) {
          in.skipNBytes(size);
          line();
          size = Long.parseLong(line().trim(), 16);
        }
        line();
      } else if (length > 0) {
        in.skipNBytes(length);
      } else if (length < 0 && status != 204 && status != 304) {
        closeAfter = true;
      }
      return status;
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder(64);
      for (int c = in.read(); c >= 0; c = in.read()) {
        if (c == '\n') {
          int n = sb.length();
          return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
        }
        sb.append((char) c);
      }
      return sb.length() == 0 ? null : sb.toString();
    }

    void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
      socket = null;
      in = null;
    }
  }

  /** This process's resident memory and used heap, sampled every 200 ms. */
  private static final class MemorySampler {
    private final Thread thread;
    private volatile boolean running = true;
    volatile long maxRss;
    volatile long maxHeap;

    MemorySampler() {
      thread =
          new Thread(
              () -> {
                while (running) {
                  sample();
                  try {
                    Thread.sleep(200);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "collector-fuzz-memory");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
      sample();
    }

    private void sample() {
      maxRss = Math.max(maxRss, rssBytes());
      maxHeap =
          Math.max(maxHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
  }

  /** The records in {@code topic}: the sum of its partitions' end offsets. */
  public static long recordsIn(String bootstrapServers, String topic) {
    java.util.Properties p = new java.util.Properties();
    p.put("bootstrap.servers", bootstrapServers);
    p.put("key.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
    p.put("value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
    try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer =
        new org.apache.kafka.clients.consumer.KafkaConsumer<>(p)) {
      List<org.apache.kafka.common.TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition()))
              .toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** This process's resident set size from {@code /proc/self/status}; 0 where there is none. */
  public static long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }
}
