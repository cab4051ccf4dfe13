package dev.walnut.shopify.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A successful Admin API response.
 *
 * @param data the {@code data} object
 * @param cost the {@code extensions.cost}, when Shopify sent it
 */
public record AdminResponse(JsonNode data, Optional<QueryCost> cost) {}
