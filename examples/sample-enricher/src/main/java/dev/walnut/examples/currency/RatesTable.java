package dev.walnut.examples.currency;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The exchange rates of a {@code currency-convert} node: for each currency, how many units of it
 * one unit of a common base buys ({@code {EUR: 1, USD: 1.0832}} says 1 EUR = 1.0832 USD). Plain
 * Java, no Flink and no Walnut types, so the arithmetic is tested on its own.
 *
 * <p>Serializable: the enricher carries its table to the task managers inside the job graph.
 */
final class RatesTable implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");
  private static final String EXAMPLE = "{EUR: 1, USD: 1.0832}";

  /** Sorted, so messages list the currencies in a stable order. */
  private final TreeMap<String, BigDecimal> rates;

  private RatesTable(TreeMap<String, BigDecimal> rates) {
    this.rates = rates;
  }

  /**
   * What is wrong with a value given as a rates table, as the rest of a sentence that starts with
   * the parameter's name; empty when it is a usable table. Validation shows this to the analyst.
   */
  static Optional<String> problem(Object value) {
    if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
      return Optional.of(
          "must map currency codes to rates, like " + EXAMPLE + ", got `" + value + "`");
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String code = String.valueOf(e.getKey());
      if (!CURRENCY_CODE.matcher(code).matches()) {
        return Optional.of(
            "has `"
                + code
                + "`, which is not a currency code; use three capital letters, like USD");
      }
      if (!(e.getValue() instanceof Number n) || !(n.doubleValue() > 0)) {
        return Optional.of(
            "must give " + code + " a positive number as its rate, got `" + e.getValue() + "`");
      }
    }
    return Optional.empty();
  }

  /**
   * The table of a value that passed {@link #problem}.
   *
   * @throws IllegalArgumentException with the problem, when it did not
   */
  static RatesTable of(Object value) {
    problem(value)
        .ifPresent(
            p -> {
              throw new IllegalArgumentException("the rates table " + p);
            });
    TreeMap<String, BigDecimal> rates = new TreeMap<>();
    // toString keeps what the analyst wrote: 1.0832 stays 1.0832, not 1.08319999999999994
    ((Map<?, ?>) value)
        .forEach((k, v) -> rates.put(String.valueOf(k), new BigDecimal(v.toString())));
    return new RatesTable(rates);
  }

  boolean has(String currency) {
    return rates.containsKey(currency);
  }

  /** The currencies of the table, for messages: {@code EUR, GBP, USD}. */
  String currencies() {
    return String.join(", ", rates.keySet());
  }

  /**
   * {@code amount} in {@code from}, converted to {@code to} through the common base and rounded
   * half-up to {@code decimals} places.
   *
   * @throws IllegalArgumentException naming the currency that has no rate
   */
  BigDecimal convert(BigDecimal amount, String from, String to, int decimals) {
    BigDecimal base = amount.divide(rate(from), MathContext.DECIMAL64);
    return base.multiply(rate(to)).setScale(decimals, RoundingMode.HALF_UP);
  }

  private BigDecimal rate(String currency) {
    BigDecimal rate = rates.get(currency);
    if (rate == null) {
      throw new IllegalArgumentException(
          "no rate for currency `" + currency + "`; add it to `Rates`, which has " + currencies());
    }
    return rate;
  }
}
