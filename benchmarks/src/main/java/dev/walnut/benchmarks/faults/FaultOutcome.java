package dev.walnut.benchmarks.faults;

import java.time.Duration;

/**
 * What one fault did to one run.
 *
 * @param fault the case
 * @param recordsIn records the broker acknowledged into the job's input topic (collector: events
 *     answered 200)
 * @param recordsOut records the job wrote (co-visit: output topic records; Shopify: upserts done)
 * @param replayed records written again after a restore, which the upsert absorbs (collector:
 *     records repeating an event id — a 503 whose record Kafka took after all, retried — which the
 *     {@code snowplow} source drops by event id)
 * @param lost expected updates missing from the output (co-visit: {@code (pair, frequency)} updates
 *     never written; Shopify: shoppers whose metaobject is not their last update)
 * @param duplicatedAfterUpsert what the final, upserted state holds too much (co-visit: co-visits
 *     counted twice; Shopify: metaobjects of shoppers never sent)
 * @param wrongKeys keys whose final state differs from the expected one (collector: event ids in
 *     the good topic no 200 stands for, plus bad rows — every event sent was valid and retried
 *     until its 200)
 * @param checkpointsDuringFault checkpoints the job completed while the fault lasted
 * @param restarts job restarts the fault caused
 * @param recovery from the end of the fault (Task Manager lost, broker back, Shopify answering
 *     again) until the output shows what was sent from then on (co-visit: a probe pair; Shopify:
 *     every shopper's last update; collector: the first 200 once the broker is back)
 * @param requests how the collector answered the tracker requests (collector case; {@link
 *     TrackerRequests#none()} for the others)
 */
public record FaultOutcome(
    FaultCase fault,
    long recordsIn,
    long recordsOut,
    long replayed,
    long lost,
    long duplicatedAfterUpsert,
    long wrongKeys,
    long checkpointsDuringFault,
    long restarts,
    Duration recovery,
    TrackerRequests requests) {

  /** 0 lost, 0 duplicated after upsert, the final state exactly as expected. */
  public boolean correct() {
    return lost == 0 && duplicatedAfterUpsert == 0 && wrongKeys == 0;
  }
}
