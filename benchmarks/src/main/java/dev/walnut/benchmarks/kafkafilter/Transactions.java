package dev.walnut.benchmarks.kafkafilter;

import java.time.Instant;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * The benchmark's input: deterministic JSON transactions of about 120 bytes, e.g.
 *
 * <pre>{@code
 * {"id":7,"amount":55.46,"currency":"GBP","customer":"customer-37889","merchant":"merchant-417","ts":"2024-01-02T00:00:00.070Z"}
 * }</pre>
 *
 * Record {@code i} is a pure function of {@code i}, so the number passing the filters ({@code
 * amount > 20} and {@code currency == 'EUR'}) is known without running anything.
 */
public final class Transactions {
  private static final String[] CURRENCIES = {"EUR", "USD", "EUR", "GBP", "PLN"};
  private static final long START = Instant.parse("2024-01-02T00:00:00Z").toEpochMilli();

  private Transactions() {}

  /** Records 0 to {@code count - 1}, lazily. */
  public static Stream<String> generate(long count) {
    return LongStream.range(0, count).mapToObj(Transactions::json);
  }

  public static String json(long i) {
    long cents = cents(i);
    StringBuilder b = new StringBuilder(128);
    b.append("{\"id\":").append(i);
    b.append(",\"amount\":").append(cents / 100).append('.');
    long fraction = cents % 100;
    b.append(fraction < 10 ? "0" : "").append(fraction);
    b.append(",\"currency\":\"").append(currency(i)).append('"');
    b.append(",\"customer\":\"customer-").append(padded((i * 48_271L) % 100_000, 5)).append('"');
    b.append(",\"merchant\":\"merchant-").append((i * 7L + 3) % 1_000).append('"');
    b.append(",\"ts\":\"").append(Instant.ofEpochMilli(START + i * 10)).append("\"}");
    return b.toString();
  }

  /** Whether record {@code i} passes both filters. */
  public static boolean passes(long i) {
    return cents(i) > 2_000 && "EUR".equals(currency(i));
  }

  /** How many of records 0 to {@code count - 1} pass both filters. */
  public static long passing(long count) {
    return LongStream.range(0, count).filter(Transactions::passes).count();
  }

  private static long cents(long i) {
    return (i * 7_919L + 13) % 10_000;
  }

  private static String currency(long i) {
    return CURRENCIES[(int) ((i / 3) % CURRENCIES.length)];
  }

  private static String padded(long n, int width) {
    String s = Long.toString(n);
    return "0".repeat(Math.max(0, width - s.length())) + s;
  }
}
