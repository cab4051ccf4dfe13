package dev.walnut.kafka;

import dev.walnut.api.DataType;
import dev.walnut.api.DesignContext;
import dev.walnut.api.Editor;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValidator;
import dev.walnut.api.Suggestion;
import java.util.List;

/**
 * The parameters every Kafka-reading source shares, under one name each: {@code Topic}, {@code
 * Start from}, {@code Consumer group}, {@code Stop at}. A source declares the ones it has through
 * these factories and hands its bound values to {@link JsonTopicSource}, so the same parameter
 * means the same thing on every source.
 */
public final class KafkaSourceParameters {
  public static final String TOPIC = "Topic";
  public static final String START = "Start from";
  public static final String GROUP = "Consumer group";
  public static final String STOP = "Stop at";
  public static final String NEVER = "never";
  public static final String LATEST_AT_START = "latest offsets at start";

  private KafkaSourceParameters() {}

  /**
   * The `Topic` parameter (validated, with the broker's topics as suggestions).
   *
   * @param defaultTopic the topic used when the node leaves it out; null: required
   */
  public static Parameter topic(String defaultTopic, String docs) {
    Parameter.Builder b =
        Parameter.once(TOPIC, DataType.STRING)
            .editor(Editor.STRING)
            .validator(ParameterValidator.notBlank())
            .validator(ParameterValidator.matches("[a-zA-Z0-9._-]{1,249}", "a Kafka topic name"))
            .docs(docs)
            .suggested();
    if (defaultTopic != null) {
      b.defaultExpression("'" + defaultTopic + "'");
    }
    return b.build();
  }

  /** `Start from`: where a job without a savepoint starts reading. */
  public static Parameter startFrom() {
    return Parameter.once(START, DataType.STRING)
        .defaultExpression("'committed offsets, else earliest'")
        .editor(
            Editor.fixedStrings(
                "committed offsets, else earliest",
                "committed offsets, else latest",
                "earliest",
                "latest"))
        .docs("Where to start reading when the job starts without a savepoint.")
        .build();
  }

  /** `Consumer group`: the group committing offsets; empty: `walnut-<scenario id>`. */
  public static Parameter consumerGroup() {
    return Parameter.once(GROUP, DataType.STRING)
        .optional()
        .editor(Editor.STRING)
        .docs("Kafka consumer group for committed offsets. Empty: `walnut-<scenario id>`.")
        .build();
  }

  /** `Stop at`: read on ('never') or read what the topic holds at start, then finish. */
  public static Parameter stopAt() {
    return Parameter.once(STOP, DataType.STRING)
        .defaultExpression("'" + NEVER + "'")
        .editor(Editor.fixedStrings(NEVER, LATEST_AT_START)) // implies: one of these two
        .docs(
            "'never' reads on as records arrive; 'latest offsets at start' reads what the"
                + " topic holds when the job starts, then the job finishes (a backfill).")
        .build();
  }

  /** The broker's topics when the designer asks for `Topic` suggestions; none for others. */
  public static List<Suggestion> suggestions(String parameter, DesignContext context)
      throws InterruptedException {
    return TOPIC.equals(parameter)
        ? KafkaTopics.suggestions(context.scenarioProperties())
        : List.of();
  }

  /** The newest {@code limit} records of the node's `Topic`, as test-run input. */
  public static List<String> capture(DesignContext context, int limit) {
    String topic =
        context
            .stringValue(TOPIC)
            .filter(t -> !t.isBlank())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "set `" + TOPIC + "` to a topic name to capture its newest records"));
    return KafkaTopics.newestRecords(context.scenarioProperties(), topic, limit);
  }
}
