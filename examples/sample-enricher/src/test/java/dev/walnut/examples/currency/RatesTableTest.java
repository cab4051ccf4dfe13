package dev.walnut.examples.currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RatesTableTest {
  private static final RatesTable RATES =
      RatesTable.of(Map.of("EUR", 1, "USD", 1.0832, "GBP", 0.8571));

  @Test
  void convertsThroughTheCommonBase() {
    assertThat(RATES.convert(new BigDecimal("108.32"), "USD", "EUR", 2))
        .isEqualByComparingTo("100");
    assertThat(RATES.convert(new BigDecimal("100"), "EUR", "GBP", 2)).isEqualByComparingTo("85.71");
    // 10 USD = 9.23190... EUR = 7.91266... GBP
    assertThat(RATES.convert(BigDecimal.TEN, "USD", "GBP", 4)).isEqualByComparingTo("7.9127");
  }

  @Test
  void aPriceInTheTargetCurrencyOnlyGetsRounded() {
    assertThat(RATES.convert(new BigDecimal("19.999"), "EUR", "EUR", 2))
        .isEqualByComparingTo("20.00");
  }

  @Test
  void roundsHalfUpToTheGivenDecimals() {
    // half-even (banker's rounding) would give 0.12 and 0.62
    RatesTable table = RatesTable.of(Map.of("EUR", 1, "CHF", 2));
    assertThat(RATES.convert(new BigDecimal("0.125"), "EUR", "EUR", 2))
        .isEqualByComparingTo("0.13");
    assertThat(table.convert(new BigDecimal("1.25"), "CHF", "EUR", 2)).isEqualByComparingTo("0.63");
    assertThat(table.convert(new BigDecimal("7.25"), "EUR", "CHF", 0)).isEqualByComparingTo("15");
  }

  @Test
  void keepsTheRatesAsWrittenNotAsBinaryDoubles() {
    // 0.1 as a double is 0.1000000000000000055…; converting 1 EUR must give exactly 0.1
    RatesTable table = RatesTable.of(Map.of("EUR", 1, "XAU", 0.1));
    assertThat(table.convert(BigDecimal.ONE, "EUR", "XAU", 6)).isEqualByComparingTo("0.1");
  }

  @Test
  void aCurrencyWithoutARateIsNamedWithTheOnesThereAre() {
    assertThatThrownBy(() -> RATES.convert(BigDecimal.ONE, "JPY", "EUR", 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no rate for currency `JPY`; add it to `Rates`, which has EUR, GBP, USD");
  }

  @Test
  void aUsableTableHasNoProblem() {
    assertThat(RatesTable.problem(Map.of("EUR", 1, "USD", 1.0832))).isEmpty();
  }

  @Test
  void somethingOtherThanATableIsAProblem() {
    assertThat(RatesTable.problem(1.08))
        .contains("must map currency codes to rates, like {EUR: 1, USD: 1.0832}, got `1.08`");
    assertThat(RatesTable.problem(List.of("EUR")))
        .contains("must map currency codes to rates, like {EUR: 1, USD: 1.0832}, got `[EUR]`");
    assertThat(RatesTable.problem(Map.of()))
        .contains("must map currency codes to rates, like {EUR: 1, USD: 1.0832}, got `{}`");
  }

  @Test
  void aKeyThatIsNotACurrencyCodeIsAProblem() {
    assertThat(RatesTable.problem(Map.of("usd", 1.08)))
        .contains("has `usd`, which is not a currency code; use three capital letters, like USD");
  }

  @Test
  void aRateThatIsNotAPositiveNumberIsAProblem() {
    assertThat(RatesTable.problem(Map.of("GBP", 0)))
        .contains("must give GBP a positive number as its rate, got `0`");
    assertThat(RatesTable.problem(Map.of("GBP", -0.85)))
        .contains("must give GBP a positive number as its rate, got `-0.85`");
    assertThat(RatesTable.problem(Map.of("GBP", "0.85")))
        .contains("must give GBP a positive number as its rate, got `0.85`");
  }

  @Test
  void buildingATableFromAProblemSaysWhatIsWrong() {
    assertThatThrownBy(() -> RatesTable.of(Map.of("GBP", 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the rates table must give GBP a positive number as its rate, got `0`");
  }
}
