package dev.walnut.designer.store;

import java.time.Instant;

/** A deploy or cancel of a scenario version, as recorded. */
public record DeploymentRecord(
    String name, int version, String action, String jobId, String author, Instant at) {}
