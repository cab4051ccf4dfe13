package dev.walnut.examples.currency;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.DataType;
import dev.walnut.api.Editor;
import dev.walnut.api.Enricher;
import dev.walnut.api.EnricherComponent;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.NodeContext;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterException;
import dev.walnut.api.ParameterValidator;
import dev.walnut.api.ParameterValues;
import dev.walnut.api.TypingContext;
import dev.walnut.api.Variables;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * {@code currency-convert}: a price in the record's currency, converted to one currency for the
 * whole scenario, e.g. to rank or filter products of a multi-currency shop by one price.
 *
 * <p>The component itself is an immutable description plus a factory: Walnut serialises it and may
 * call it on the designer's thread, so it opens nothing. The {@link Convert} it creates runs in the
 * Flink job, once per parallel subtask.
 */
public final class CurrencyConvertComponent implements EnricherComponent {
  private static final long serialVersionUID = 1L;

  // The names as they appear in the scenario JSON and in the designer's form. Renaming one breaks
  // every scenario that uses it, so treat them like the component id: stable.
  static final String AMOUNT = "Amount";
  static final String FROM = "From currency";
  static final String TO = "To currency";
  static final String RATES = "Rates";
  static final String DECIMALS = "Decimals";

  // One self-describing schema: validation, the docs page and the designer's form all read it.
  private static final ComponentDefinition DEFINITION =
      ComponentDefinition.builder("currency-convert", ComponentKind.ENRICHER)
          .icon("currency")
          .docs(
              "Converts `Amount`, a price in `From currency`, to `To currency` with the exchange"
                  + " rates of `Rates`, rounded half-up to `Decimals` places. A record without an"
                  + " amount gets null; a currency missing from `Rates` fails the record, with a"
                  + " message naming it.")
          .parameter(
              // PER_EVENT: an expression evaluated against every record
              Parameter.perEvent(AMOUNT, DataType.DOUBLE)
                  .docs("The price to convert, e.g. `#input.price`.")
                  .build())
          .parameter(
              Parameter.perEvent(FROM, DataType.STRING)
                  .docs("The currency of `Amount`, e.g. `#input.currency`, or `'USD'` for all.")
                  .build())
          .parameter(
              // ONCE: evaluated when the scenario is compiled; validators check the value
              Parameter.once(TO, DataType.STRING)
                  .defaultExpression("'EUR'")
                  .editor(Editor.STRING)
                  .validator(ParameterValidator.matches("[A-Z]{3}", "a currency code like 'EUR'"))
                  .docs("The currency to convert to; it must be one of `Rates`.")
                  .build())
          .parameter(
              Parameter.once(RATES, DataType.mapOf(DataType.DOUBLE))
                  .validator(
                      new ParameterValidator.Named(
                          "currency codes to positive rates",
                          (name, value) ->
                              RatesTable.problem(value).map(p -> "parameter `" + name + "` " + p)))
                  .docs(
                      "How many units of each currency one unit of a common base buys, e.g."
                          + " `{EUR: 1, USD: 1.0832, GBP: 0.8571}` (1 EUR = 1.0832 USD).")
                  .build())
          .parameter(
              Parameter.once(DECIMALS, DataType.LONG)
                  .defaultExpression("2")
                  .editor(Editor.NUMBER)
                  .validator(ParameterValidator.between(0, 6))
                  .docs("Decimal places of the result.")
                  .build())
          .build();

  @Override
  public ComponentDefinition definition() {
    return DEFINITION;
  }

  /**
   * Adds no parameters. Validation calls this hook with every ONCE value bound and checked, which
   * makes it the place for checks across parameters: here, that {@code To currency} has a rate.
   */
  @Override
  public List<Parameter> dynamicParameters(
      ParameterValues declared, Map<String, String> scenarioProperties) {
    String to = declared.value(TO, String.class);
    RatesTable rates = RatesTable.of(declared.value(RATES, Object.class));
    if (!rates.has(to)) {
      // a ParameterException puts the message on that parameter's field in the designer
      throw new ParameterException(
          TO,
          String.format(
              "parameter `%s` must be one of the currencies of `%s` (%s), got `%s`",
              TO, RATES, rates.currencies(), to));
    }
    return List.of();
  }

  @Override
  public DataType outputType(TypingContext context) {
    return DataType.DOUBLE;
  }

  /** Reads the ONCE values now; the result travels to the task managers, serialised. */
  @Override
  public Enricher createEnricher(NodeContext context) {
    ParameterValues p = context.params();
    return new Convert(
        p.lazy(AMOUNT),
        p.lazy(FROM),
        p.value(TO, String.class),
        RatesTable.of(p.value(RATES, Object.class)),
        p.value(DECIMALS, Long.class).intValue());
  }

  /** The per-task runtime: synchronous, as the work is a little arithmetic. */
  static final class Convert implements Enricher.Sync {
    private static final long serialVersionUID = 1L;
    private final LazyParameter<Object> amount;
    private final LazyParameter<Object> from;
    private final String to;
    private final RatesTable rates;
    private final int decimals;
    // Per-task state is transient and made in open(): an HTTP client or a model session would be
    // created here the same way, and released in close().
    private transient Counter converted;

    Convert(
        LazyParameter<Object> amount,
        LazyParameter<Object> from,
        String to,
        RatesTable rates,
        int decimals) {
      this.amount = amount;
      this.from = from;
      this.to = to;
      this.rates = rates;
      this.decimals = decimals;
    }

    @Override
    public void open(MetricGroup metrics) {
      converted = metrics.counter("convertedAmounts");
    }

    /** Throwing fails this record only: the engine reports it with the node and the message. */
    @Override
    public Object enrich(Variables record) {
      Object value = amount.evaluate(record);
      if (value == null) {
        return null;
      }
      if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
        throw new IllegalArgumentException(
            String.format(
                "`%s` must be a number, got `%s` from `%s`", AMOUNT, value, amount.expression()));
      }
      Object currency = from.evaluate(record);
      if (currency == null) {
        throw new IllegalArgumentException(
            String.format("`%s` (`%s`) is empty for this record", FROM, from.expression()));
      }
      BigDecimal result =
          rates.convert(new BigDecimal(number.toString()), currency.toString(), to, decimals);
      converted.inc();
      return result.doubleValue();
    }
  }
}
