package dev.walnut.components.base.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.walnut.api.DataType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The aggregators on their own, for the cases a scenario test cannot easily feed them. */
class AggregatorTest {

  @Test
  void centerAveragesVectorsElementWiseAndSkipsNullsEmptyAndNonNumericOnes() {
    List<Object> values =
        Arrays.asList(
            List.of(1.0, 0.0, 2.0),
            null,
            List.of(),
            List.of("a", "b", "c"),
            7.5,
            List.of(3L, 2, 4.0f));

    assertThat(Aggregator.CENTER.apply(values)).isEqualTo(List.of(2.0, 1.0, 3.0));
  }

  @Test
  void centerOfNoVectorIsNull() {
    assertThat(Aggregator.CENTER.apply(Arrays.asList(null, "x"))).isNull();
    assertThat(Aggregator.CENTER.apply(List.of())).isNull();
  }

  @Test
  void centerRefusesVectorsOfDifferentLengthsSayingWhich() {
    assertThatThrownBy(() -> Aggregator.CENTER.apply(List.of(List.of(1.0, 2.0), List.of(1.0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("aggregator `center` needs vectors of one length, got 2 and 1");
  }

  @Test
  void centerIsAListOfDoublesWhateverTheValueType() {
    assertThat(Aggregator.CENTER.outputType(DataType.UNKNOWN))
        .isEqualTo(DataType.listOf(DataType.DOUBLE));
    assertThat(Aggregator.parse("#AGG.center")).isEqualTo(Aggregator.CENTER);
  }
}
