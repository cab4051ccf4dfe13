package dev.walnut.api.json;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.walnut.api.annotation.PublicEvolving;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * JSON text ⇄ the JSON-like Java values records carry. Instants are written as ISO-8601 text,
 * durations as ISO-8601 durations, float vectors as arrays. Numbers are read as Integer, Long or
 * Double; objects as insertion-ordered maps. One shared, thread-safe mapper.
 */
@PublicEvolving
public final class JsonValues {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final ObjectMapper MAPPER = createMapper();

  private JsonValues() {}

  private static ObjectMapper createMapper() {
    SimpleModule module = new SimpleModule("walnut-values");
    module.addSerializer(Instant.class, new ToStringSerializer<>(Instant.class));
    module.addSerializer(Duration.class, new ToStringSerializer<>(Duration.class));
    return new ObjectMapper()
        .registerModule(module)
        // a record with trailing garbage is malformed, not "the first value"
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** Parses any JSON value. */
  public static Object parse(String json) throws JsonProcessingException {
    return MAPPER.readValue(json, Object.class);
  }

  /** Parses any JSON value from UTF-8 bytes. */
  public static Object parse(byte[] json) throws IOException {
    return MAPPER.readValue(json, Object.class);
  }

  /** Parses a JSON object. */
  public static Map<String, Object> parseObject(byte[] json) throws IOException {
    return MAPPER.readValue(json, MAP);
  }

  /** The JSON text of a JSON-like value (or of anything else the mapper can write). */
  public static String write(Object value) {
    try {
      return new String(Utf8JsonWriter.write(value, Utf8JsonWriter.Mode.TEXT), UTF_8);
    } catch (Utf8JsonWriter.NeedsJackson e) {
      try {
        return MAPPER.writeValueAsString(value);
      } catch (JsonProcessingException je) {
        throw new UncheckedIOException(
            "cannot write value as JSON: " + je.getOriginalMessage(), je);
      }
    }
  }

  /**
   * UTF-8 JSON of a JSON-like value, written straight into a buffer the thread reuses: sinks write
   * hundreds of thousands of values per second, and a generator per value was their largest cost.
   * The bytes are those Jackson's UTF-8 generator writes; values of other types (or nested deeper
   * than Jackson allows) are written through Jackson.
   */
  public static byte[] writeBytes(Object value) {
    try {
      return Utf8JsonWriter.write(value, Utf8JsonWriter.Mode.BYTES);
    } catch (Utf8JsonWriter.NeedsJackson e) {
      return writeWithGenerator(value);
    }
  }

  /**
   * The way every value was written before {@link Utf8JsonWriter}, and the equivalence tests'
   * oracle.
   */
  static byte[] writeWithGenerator(Object value) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(256);
        JsonGenerator gen = MAPPER.getFactory().createGenerator(out)) {
      writeValue(value, gen);
      gen.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write value as JSON: " + e.getMessage(), e);
    }
  }

  private static void writeValue(Object v, JsonGenerator gen) throws IOException {
    if (v == null) {
      gen.writeNull();
    } else if (v instanceof String s) {
      gen.writeString(s);
    } else if (v instanceof Map<?, ?> m) {
      gen.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        gen.writeFieldName(String.valueOf(e.getKey()));
        writeValue(e.getValue(), gen);
      }
      gen.writeEndObject();
    } else if (v instanceof Integer i) {
      gen.writeNumber(i);
    } else if (v instanceof Long l) {
      gen.writeNumber(l);
    } else if (v instanceof Double d) {
      gen.writeNumber(d);
    } else if (v instanceof Boolean b) {
      gen.writeBoolean(b);
    } else if (v instanceof java.util.Collection<?> c) {
      gen.writeStartArray();
      for (Object o : c) {
        writeValue(o, gen);
      }
      gen.writeEndArray();
    } else if (v instanceof float[] fa) {
      gen.writeStartArray();
      for (float f : fa) {
        gen.writeNumber(f);
      }
      gen.writeEndArray();
    } else {
      // anything rarer (BigDecimal, Instant, Duration, arrays…) takes the mapper's way
      MAPPER.writeValue(gen, v);
    }
  }

  /** The shared mapper, for callers that stream (e.g. writing many lines to a file). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static final class ToStringSerializer<T> extends JsonSerializer<T> {
    private final Class<T> type;

    ToStringSerializer(Class<T> type) {
      this.type = type;
    }

    @Override
    public void serialize(T value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeString(value.toString());
    }

    @Override
    public Class<T> handledType() {
      return type;
    }
  }
}
