package dev.walnut.snowplow.collector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/**
 * Checks, in one streaming pass and without building it, that a tracker's self-describing JSON has
 * the shape Snowplow requires: {@code {"schema": "...", "data": {"schema": "...", ...}}} for an
 * event ({@code ue_pr}/{@code ue_px}), {@code {"schema": "...", "data": [{"schema": "..."}, ...]}}
 * for entities ({@code co}/{@code cx}). The checked bytes are then embedded in the record as they
 * are.
 */
final class SelfDescribingJson {
  private enum Data {
    MISSING,
    WRONG,
    BAD_ENTITY,
    OK
  }

  private SelfDescribingJson() {}

  /**
   * The JSON to embed ({@code json}, or its root value alone when text follows it), or an {@link
   * IllegalArgumentException} whose message completes "field `x`".
   *
   * @throws IOException when {@code json} is not JSON
   */
  static byte[] check(JsonFactory factory, byte[] json, boolean entities) throws IOException {
    try (JsonParser p = factory.createParser(json)) {
      JsonToken root = p.nextToken();
      if (root == null) {
        throw new JsonParseException(p, "No content to map due to end-of-input");
      }
      boolean schema = false;
      Data data = Data.MISSING;
      if (root == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken value = p.nextToken();
          if ("schema".equals(name)) {
            schema = value == JsonToken.VALUE_STRING;
            p.skipChildren();
          } else if ("data".equals(name)) {
            data = entities ? entityList(p, value) : selfDescribed(p, value);
          } else {
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
      if (root != JsonToken.START_OBJECT || !schema) {
        throw new IllegalArgumentException(
            " must be a self-describing JSON with `schema` and `data`");
      }
      if (entities && data != Data.OK) {
        throw new IllegalArgumentException(
            data == Data.BAD_ENTITY
                ? ": every entity needs a `schema` and `data`"
                : ": `data` must be a list");
      }
      if (!entities && data != Data.OK) {
        throw new IllegalArgumentException(": `data` must be the event's self-describing JSON");
      }
      long end = p.currentLocation().getByteOffset();
      return end > 0 && end < json.length && !blank(json, (int) end)
          ? Arrays.copyOf(json, (int) end)
          : json;
    }
  }

  /** An object with a string {@code schema}. */
  private static Data selfDescribed(JsonParser p, JsonToken value) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      p.skipChildren();
      return Data.WRONG;
    }
    return hasSchema(p) ? Data.OK : Data.WRONG;
  }

  private static Data entityList(JsonParser p, JsonToken value) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      p.skipChildren();
      return Data.WRONG;
    }
    boolean ok = true;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t == JsonToken.START_OBJECT) {
        ok &= hasSchema(p);
      } else {
        p.skipChildren();
        ok = false;
      }
    }
    return ok ? Data.OK : Data.BAD_ENTITY;
  }

  /**
   * Reads the object the parser is at through its end; true when its {@code schema} is a string.
   */
  private static boolean hasSchema(JsonParser p) throws IOException {
    boolean schema = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if ("schema".equals(name)) {
        schema = value == JsonToken.VALUE_STRING;
      }
      p.skipChildren();
    }
    return schema;
  }

  private static boolean blank(byte[] json, int from) {
    for (int i = from; i < json.length; i++) {
      byte b = json[i];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
