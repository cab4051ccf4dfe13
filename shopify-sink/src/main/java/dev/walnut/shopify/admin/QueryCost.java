package dev.walnut.shopify.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The {@code extensions.cost} of an Admin API response: what the request cost and what the shop's
 * bucket holds now.
 *
 * @param requested the requested query cost
 * @param actual the actual cost, or -1 when the request was not executed (throttled)
 * @param maximumAvailable the bucket size
 * @param currentlyAvailable points left in the bucket after this request
 * @param restoreRate points restored per second
 */
public record QueryCost(
    double requested,
    double actual,
    double maximumAvailable,
    double currentlyAvailable,
    double restoreRate) {

  /** Reads {@code extensions.cost} of a response body, if it has one. */
  public static Optional<QueryCost> of(JsonNode body) {
    JsonNode cost = body == null ? null : body.path("extensions").path("cost");
    if (cost == null || cost.isMissingNode() || !cost.has("throttleStatus")) {
      return Optional.empty();
    }
    JsonNode status = cost.get("throttleStatus");
    return Optional.of(
        new QueryCost(
            cost.path("requestedQueryCost").asDouble(0),
            cost.path("actualQueryCost").isNumber() ? cost.get("actualQueryCost").asDouble() : -1,
            status.path("maximumAvailable").asDouble(0),
            status.path("currentlyAvailable").asDouble(0),
            status.path("restoreRate").asDouble(0)));
  }
}
