package dev.walnut.designer.store;

import java.time.Instant;

/**
 * One recorded action: who did what to which scenario (and version) when.
 *
 * @param action {@code create}, {@code import}, {@code save}, {@code archive}, {@code unarchive},
 *     {@code deploy}, {@code cancel}, {@code user}
 * @param scenario null for actions on no scenario (a user changed)
 * @param version null when the action concerns no version
 */
public record AuditEntry(
    Instant at, String user, String action, String scenario, Integer version, String detail) {}
