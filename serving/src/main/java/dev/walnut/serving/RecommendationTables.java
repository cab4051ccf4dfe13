package dev.walnut.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The queries over the tables the scenarios write: {@code shopper_recommendations} (the main flow)
 * and {@code recommendations} (DataSQRL's co-visit counts). Read-only.
 */
final class RecommendationTables {
  /** The most rows {@code Recommendation} returns. */
  static final int MAX_LIMIT = 100;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource db;

  RecommendationTables(DataSource db) {
    this.db = db;
  }

  /** {@code {shopper, products, scores, modelVersion, updatedAt}}, or empty. */
  Optional<Map<String, Object>> recommendationsFor(String shopper) {
    String sql =
        "SELECT shopper, products, scores, model_version, updated_at"
            + " FROM shopper_recommendations WHERE shopper = ?";
    try (Connection c = db.getConnection();
        PreparedStatement q = c.prepareStatement(sql)) {
      q.setString(1, shopper);
      try (ResultSet r = q.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(row(r));
      }
    } catch (SQLException e) {
      throw unavailable("shopper_recommendations", e);
    }
  }

  /** The rows of several shoppers at once (the push's poll), by shopper. */
  Map<String, Map<String, Object>> recommendationsForAll(java.util.Collection<String> shoppers) {
    String sql =
        "SELECT shopper, products, scores, model_version, updated_at"
            + " FROM shopper_recommendations WHERE shopper = ANY(?)";
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    try (Connection c = db.getConnection();
        PreparedStatement q = c.prepareStatement(sql)) {
      q.setArray(1, c.createArrayOf("text", shoppers.toArray()));
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          out.put(r.getString(1), row(r));
        }
      }
      return out;
    } catch (SQLException e) {
      throw unavailable("shopper_recommendations", e);
    }
  }

  private static Map<String, Object> row(ResultSet r) throws SQLException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("shopper", r.getString(1));
    out.put("products", strings(r.getString(2)));
    out.put("scores", numbers(r.getString(3)));
    out.put("modelVersion", r.getString(4));
    Timestamp updated = r.getTimestamp(5);
    out.put("updatedAt", updated == null ? null : updated.toInstant().toString());
    return out;
  }

  /** DataSQRL's {@code Recommendation(url, limit)}: most frequent first, ties by recommendation. */
  List<Map<String, Object>> recommendation(String url, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new ServingException(
          ServingException.Code.BAD_REQUEST,
          "limit must be from 1 to " + MAX_LIMIT + ", got " + limit);
    }
    String sql =
        "SELECT url, recommendation, frequency FROM recommendations WHERE url = ?"
            + " ORDER BY frequency DESC, recommendation LIMIT ?";
    try (Connection c = db.getConnection();
        PreparedStatement q = c.prepareStatement(sql)) {
      q.setString(1, url);
      q.setInt(2, limit);
      List<Map<String, Object>> out = new ArrayList<>();
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("url", r.getString(1));
          row.put("recommendation", r.getString(2));
          row.put("frequency", r.getLong(3));
          out.add(row);
        }
      }
      return out;
    } catch (SQLException e) {
      throw unavailable("recommendations", e);
    }
  }

  private static ServingException unavailable(String table, SQLException e) {
    // 42P01: the table is not there yet (no scenario has written it)
    String why =
        "42P01".equals(e.getSQLState())
            ? "table " + table + " does not exist yet: deploy the scenario that writes it"
            : "the database did not answer: " + e.getMessage();
    return new ServingException(ServingException.Code.DATABASE_UNAVAILABLE, why, e);
  }

  private static List<String> strings(String json) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : parse(json)) {
      out.add(n.asText());
    }
    return out;
  }

  private static List<Double> numbers(String json) {
    List<Double> out = new ArrayList<>();
    for (JsonNode n : parse(json)) {
      out.add(n.asDouble());
    }
    return out;
  }

  private static JsonNode parse(String json) {
    if (json == null) {
      return JSON.createArrayNode();
    }
    try {
      JsonNode n = JSON.readTree(json);
      return n.isArray() ? n : JSON.createArrayNode();
    } catch (IOException e) {
      throw new IllegalStateException("not JSON in a jsonb column: " + json, e);
    }
  }
}
