/**
 * What the process running the designer or a job allows scenarios to reach: Kafka client settings
 * and hosts (MLflow tracking servers). Scenario text is written by analysts; these lists are the
 * operator's, read from system properties and environment variables of the process.
 */
package dev.walnut.api.outbound;
