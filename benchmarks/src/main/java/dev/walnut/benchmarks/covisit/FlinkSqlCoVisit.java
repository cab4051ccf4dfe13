package dev.walnut.benchmarks.covisit;

import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * The reference: the DataSQRL co-visitation query as Flink SQL — an interval self-join of the
 * clicks on the user, {@code b} at most 10 minutes before {@code a}, then {@code COUNT(*)} per
 * {@code (b.url, a.url)} — reading the same Kafka topic with the SQL Kafka connector (JSON, the
 * same 5-second watermark) and writing the updated counts to Kafka as an upsert stream. Default
 * Flink SQL settings otherwise; parallelism, checkpoint interval (set on {@code env}) and producer
 * settings as Walnut's job.
 */
final class FlinkSqlCoVisit {
  static final String QUERY =
      """
      SELECT b.url AS url, a.url AS recommendation, COUNT(*) AS frequency
      FROM clicks b JOIN clicks a ON a.userid = b.userid
        AND b.event_time < a.event_time
        AND b.event_time >= a.event_time - INTERVAL '10' MINUTE
      GROUP BY b.url, a.url""";

  private FlinkSqlCoVisit() {}

  static JobClient submit(
      StreamExecutionEnvironment env,
      String bootstrapServers,
      String inputTopic,
      String outputTopic,
      String group,
      int parallelism) {
    env.setParallelism(parallelism);
    StreamTableEnvironment tables =
        StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
    for (String ddl : ddl(bootstrapServers, inputTopic, outputTopic, group)) {
      tables.executeSql(ddl);
    }
    TableResult insert = tables.executeSql("INSERT INTO recommendations " + QUERY);
    return insert
        .getJobClient()
        .orElseThrow(() -> new IllegalStateException("the INSERT was not submitted as a job"));
  }

  static List<String> ddl(String bootstrap, String input, String output, String group) {
    return List.of(
        """
        CREATE TABLE clicks (
          userid STRING,
          url STRING,
          event_time TIMESTAMP_LTZ(3),
          WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
        ) WITH (
          'connector' = 'kafka',
          'topic' = '%s',
          'properties.bootstrap.servers' = '%s',
          'properties.group.id' = '%s',
          'scan.startup.mode' = 'earliest-offset',
          'format' = 'json',
          'json.timestamp-format.standard' = 'ISO-8601'
        )"""
            .formatted(input, bootstrap, group),
        """
        CREATE TABLE recommendations (
          url STRING,
          recommendation STRING,
          frequency BIGINT,
          PRIMARY KEY (url, recommendation) NOT ENFORCED
        ) WITH (
          'connector' = 'upsert-kafka',
          'topic' = '%s',
          'properties.bootstrap.servers' = '%s',
          'properties.linger.ms' = '5',
          'properties.batch.size' = '131072',
          'key.format' = 'json',
          'value.format' = 'json'
        )"""
            .formatted(output, bootstrap));
  }
}
