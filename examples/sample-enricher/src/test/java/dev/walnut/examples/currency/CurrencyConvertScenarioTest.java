package dev.walnut.examples.currency;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.api.DataType;
import dev.walnut.engine.scenario.NodeParameter;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.validation.NodeError;
import dev.walnut.engine.validation.ValidationResult;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import dev.walnut.testkit.scenario.ScenarioTestResult;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code currency-convert} in a scenario, found through {@code META-INF/services} as any component
 * on the classpath is: a test run on records given here (the same path as {@code ./walnut
 * test-run}), and validation of the values an analyst may get wrong.
 */
class CurrencyConvertScenarioTest {
  private static final String RATES = "{EUR: 1, USD: 1.0832, GBP: 0.8571}";

  /** products → convert the price to EUR → collect SKU and converted price. */
  private static Scenario pricesInEur(NodeParameter... extra) {
    List<NodeParameter> parameters =
        new ArrayList<>(
            List.of(
                param("Amount", "#input.price"),
                param("From currency", "#input.currency"),
                param("Rates", RATES)));
    parameters.addAll(List.of(extra));
    return ScenarioBuilder.id("prices-in-eur")
        .parallelism(1)
        .source("products", "kafka", param("Topic", "'products'"))
        .enricher(
            "to eur", "currency-convert", "priceEur", parameters.toArray(NodeParameter[]::new))
        .sink("out", "collect", param("Value", "{sku: #input.sku, priceEur: #priceEur}"));
  }

  @Test
  void convertsEachRecordsPriceFromItsOwnCurrency() {
    ScenarioTestResult result =
        ScenarioTestRun.of(pricesInEur())
            .input(
                "products",
                Map.of("sku", "mug", "price", 10.83, "currency", "USD"),
                Map.of("sku", "tee", "price", 20, "currency", "GBP"),
                Map.of("sku", "cap", "price", 12.5, "currency", "EUR"))
            .run();

    assertThat(result.records("out"))
        .containsExactly(
            Map.of("sku", "mug", "priceEur", 10.0),
            Map.of("sku", "tee", "priceEur", 23.33),
            Map.of("sku", "cap", "priceEur", 12.5));
  }

  @Test
  void aRecordWithoutAPriceGetsNullAndABadRecordFailsAloneSayingWhy() {
    ScenarioTestResult result =
        ScenarioTestRun.of(pricesInEur(param("Decimals", "0")))
            .input(
                "products",
                Map.of("sku", "gift card", "currency", "USD"),
                Map.of("sku", "kimono", "price", 9800, "currency", "JPY"),
                Map.of("sku", "poster", "price", "ten", "currency", "USD"),
                Map.of("sku", "tee", "price", 20, "currency", "GBP"))
            .run();

    Map<String, Object> withoutPrice = new HashMap<>();
    withoutPrice.put("sku", "gift card");
    withoutPrice.put("priceEur", null);
    assertThat(result.records("out"))
        .containsExactly(withoutPrice, Map.of("sku", "tee", "priceEur", 23.0));
    assertThat(result.errors()).allSatisfy(e -> assertThat(e).containsEntry("nodeId", "to eur"));
    assertThat(result.errors())
        .extracting(e -> e.get("message"))
        .containsExactly(
            "no rate for currency `JPY`; add it to `Rates`, which has EUR, GBP, USD",
            "`Amount` must be a number, got `ten` from `#input.price`");
  }

  @Test
  void theSampleScenarioOfTheReadmeRunsOnItsSampleProducts() {
    ScenarioTestResult result =
        ScenarioTestRun.of(Path.of("sample/prices-in-eur.json"))
            .inputFile("products", Path.of("sample/products.jsonl"))
            .run();

    assertThat(result.records("out"))
        .extracting(r -> r.get("sku") + " " + r.get("priceEur"))
        .containsExactly("mug 10.0", "tee 23.33", "cap 12.5");
    assertThat(result.errors())
        .extracting(e -> e.get("message"))
        .containsExactly("no rate for currency `JPY`; add it to `Rates`, which has EUR, GBP, USD");
  }

  @Test
  void aValidScenarioTypesTheOutputAsANumber() {
    ValidationResult r = ScenarioTestRun.validate(pricesInEur(param("To currency", "'GBP'")));

    assertThat(r.errors()).isEmpty();
    assertThat(r.variablesByNode().get("out").get("priceEur")).isEqualTo(DataType.DOUBLE);
  }

  @Test
  void aTargetCurrencyWithoutARateIsAnErrorOnThatParameter() {
    ValidationResult r = ScenarioTestRun.validate(pricesInEur(param("To currency", "'JPY'")));

    assertThat(r.errorsOf("to eur"))
        .containsExactly(
            new NodeError(
                "to eur",
                "To currency",
                "parameter `To currency` must be one of the currencies of `Rates` (EUR, GBP, USD),"
                    + " got `JPY`"));
  }

  @Test
  void aTargetThatIsNotACurrencyCodeIsAnErrorOnThatParameter() {
    ValidationResult r = ScenarioTestRun.validate(pricesInEur(param("To currency", "'euro'")));

    assertThat(r.errorsOf("to eur"))
        .containsExactly(
            new NodeError(
                "to eur",
                "To currency",
                "parameter `To currency` must be a currency code like 'EUR', got `euro`"));
  }

  @Test
  void aRatesTableWithANonPositiveRateIsAnErrorOnRates() {
    ValidationResult r =
        ScenarioTestRun.validate(
            ScenarioBuilder.id("bad-rates")
                .source("products", "kafka", param("Topic", "'products'"))
                .enricher(
                    "to eur",
                    "currency-convert",
                    "priceEur",
                    param("Amount", "#input.price"),
                    param("From currency", "'USD'"),
                    param("Rates", "{EUR: 1, USD: 0}"))
                .sink("out", "collect"));

    assertThat(r.errorsOf("to eur"))
        .containsExactly(
            new NodeError(
                "to eur",
                "Rates",
                "parameter `Rates` must give USD a positive number as its rate, got `0`"));
  }

  @Test
  void tooManyDecimalsIsAnErrorOnDecimals() {
    ValidationResult r = ScenarioTestRun.validate(pricesInEur(param("Decimals", "9")));

    assertThat(r.errorsOf("to eur"))
        .containsExactly(
            new NodeError(
                "to eur",
                "Decimals",
                "parameter `Decimals` must be a number between 0 and 6, got `9`"));
  }
}
