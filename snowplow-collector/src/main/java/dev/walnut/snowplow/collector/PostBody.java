package dev.walnut.snowplow.collector;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tp2 POST body read in one streaming pass, without building a tree: the payload schema and, per
 * event, its tracker parameters as text, or why the event is not a flat object of values. The whole
 * body is parsed, so a syntax error anywhere makes it "not JSON"; content after the root object is
 * ignored.
 */
final class PostBody {
  /** One element of {@code data}: its parameters, or the problem and its raw JSON text. */
  record Event(Map<String, String> params, String problem, String raw) {}

  private boolean object;
  private String schema;
  private String schemaJson = "null";
  private List<Event> events;
  private int eventCount;

  private PostBody() {}

  /**
   * Reads the body; of {@code data}, only the first {@code maxEvents} elements are read into {@link
   * Event}s, the others are skipped and only counted ({@link #eventCount()}), so a body of many
   * tiny events costs no more memory than one of {@code maxEvents}.
   *
   * @throws IOException when the body is not JSON
   */
  static PostBody read(ObjectMapper mapper, byte[] body, int maxEvents) throws IOException {
    PostBody b = new PostBody();
    try (JsonParser p = mapper.getFactory().createParser(body)) {
      JsonToken root = p.nextToken();
      if (root == null) {
        return b;
      }
      if (root != JsonToken.START_OBJECT) {
        p.skipChildren();
        return b;
      }
      b.object = true;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "schema" -> {
            if (value == JsonToken.VALUE_STRING) {
              b.schema = p.getText();
              b.schemaJson = null; // quoted only if a message needs it
            } else {
              b.schema = null;
              b.schemaJson = mapper.readTree(p).toString();
            }
          }
          case "data" -> {
            if (value == JsonToken.START_ARRAY) {
              b.events = new ArrayList<>();
              b.eventCount = 0;
              for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == null) {
                  throw new IOException("unexpected end of input inside `data`");
                }
                if (b.eventCount < maxEvents) {
                  b.events.add(event(p, t, body));
                } else {
                  p.skipChildren();
                }
                b.eventCount++;
              }
            } else {
              b.events = null;
              b.eventCount = 0;
              p.skipChildren();
            }
          }
          default -> p.skipChildren();
        }
      }
    }
    return b;
  }

  private static Event event(JsonParser p, JsonToken first, byte[] body) throws IOException {
    long start = p.currentTokenLocation().getByteOffset();
    if (first != JsonToken.START_OBJECT) {
      p.skipChildren();
      p.finishToken();
      return new Event(null, "each event must be a JSON object", slice(body, start, p));
    }
    Map<String, String> params = new LinkedHashMap<>();
    String problem = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (value.isScalarValue()) {
        if (value != JsonToken.VALUE_NULL) {
          params.put(name, p.getText());
        }
      } else {
        problem =
            "parameter `"
                + name
                + "` must be a string, got "
                + (value == JsonToken.START_OBJECT ? "OBJECT" : "ARRAY");
        p.skipChildren();
      }
    }
    return problem == null
        ? new Event(params, null, null)
        : new Event(null, problem, slice(body, start, p));
  }

  /** The raw text of the value that started at {@code start} and ends where the parser is. */
  private static String slice(byte[] body, long start, JsonParser p) {
    long end = p.currentLocation().getByteOffset();
    if (start < 0 || end < start || end > body.length) {
      return "";
    }
    return new String(body, (int) start, (int) (end - start), StandardCharsets.UTF_8);
  }

  boolean isObject() {
    return object;
  }

  /** The payload schema when it is a string, else null. */
  String schema() {
    return schema;
  }

  /** The {@code schema} member as JSON text, for messages ({@code null} when missing). */
  String schemaAsJson() {
    return schemaJson != null
        ? schemaJson
        : '"' + new String(JsonStringEncoder.getInstance().quoteAsString(schema)) + '"';
  }

  /**
   * The first {@code maxEvents} events of {@code data}; null when {@code data} is missing or not an
   * array.
   */
  List<Event> events() {
    return events;
  }

  /** How many elements {@code data} has (all of them, also those beyond {@code maxEvents}). */
  int eventCount() {
    return eventCount;
  }
}
