package dev.walnut.api.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The hand-written writer against Jackson: for every value, {@link JsonValues#writeBytes} gives the
 * bytes of the generator-based writer it replaced (and of the mapper), and {@link JsonValues#write}
 * the mapper's text.
 */
class Utf8JsonWriterTest {
  private static final ObjectMapper MAPPER = JsonValues.mapper();

  private static final String[] AWKWARD_STRINGS = {
    "",
    "plain",
    "\"",
    "\\",
    "/",
    "\u0000\u0001\u0007\b\t\n\u000b\f\r\u000e\u001f",
    "\u007f\u0080\u00ff",
    "ä \"quoted\" \n",
    "\u2028\u2029",
    "\ufeff\uffff\ufffd",
    "日本語のテキスト",
    "emoji 😀 and 𝄞 (non-BMP)",
    "\ud83d\ude00",
    "lone high \ud83d at the end \ud83d",
    "lone low \ude00 here",
    "reversed \ude00\ud83d pair",
    "\ud800",
    "\udfff",
    "mixed \u0000 é € 😀 \u2028 \"",
  };

  private static final double[] DOUBLES = {
    0.0,
    -0.0,
    40.0,
    1.0,
    -1.5,
    0.1,
    1e7,
    1e-3,
    9.999999e6,
    1e21,
    1e22,
    123456789012345678.0,
    Double.MIN_VALUE,
    Double.MIN_NORMAL,
    Double.MAX_VALUE,
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
  };

  private static final float[] FLOATS = {
    0f,
    -0f,
    40f,
    0.1f,
    1e7f,
    1e-3f,
    Float.MIN_VALUE,
    Float.MAX_VALUE,
    Float.NaN,
    Float.POSITIVE_INFINITY,
    Float.NEGATIVE_INFINITY,
  };

  @Test
  void randomValuesAreWrittenAsJacksonWritesThem() throws Exception {
    for (long seed = 0; seed < 3_000; seed++) {
      Random random = new Random(seed);
      Object value = randomValue(random, 0);
      assertSameAsJackson(value, "seed " + seed);
    }
  }

  @Test
  void everyAwkwardStringIsWrittenAsJacksonWritesIt() throws Exception {
    for (String s : AWKWARD_STRINGS) {
      assertSameAsJackson(s, "string " + s);
      Map<String, Object> asKeyAndValue = new LinkedHashMap<>();
      asKeyAndValue.put(s, s);
      assertSameAsJackson(asKeyAndValue, "key " + s);
    }
  }

  @Test
  void everyCharIsEscapedAsJacksonEscapesIt() throws Exception {
    StringBuilder all = new StringBuilder();
    for (int c = 0; c <= 0xFFFF; c++) {
      assertSameAsJackson(String.valueOf((char) c), "char " + Integer.toHexString(c));
      all.append((char) c);
    }
    assertSameAsJackson(all.toString(), "all chars");
    StringBuilder supplementary = new StringBuilder();
    for (int cp = 0x10000; cp <= 0x10FFFF; cp += 0x3FF) {
      supplementary.appendCodePoint(cp);
    }
    supplementary.appendCodePoint(0x10FFFF);
    assertSameAsJackson(supplementary.toString(), "supplementary code points");
  }

  @Test
  void numbersAreWrittenAsJacksonWritesThem() throws Exception {
    List<Object> numbers = new ArrayList<>();
    for (double d : DOUBLES) {
      numbers.add(d);
      numbers.add(-d);
    }
    for (float f : FLOATS) {
      numbers.add(f);
      numbers.add(-f);
    }
    numbers.add(FLOATS);
    numbers.addAll(
        List.of(
            0,
            -1,
            9,
            10,
            Integer.MIN_VALUE,
            Integer.MAX_VALUE,
            0L,
            -10L,
            999_999_999_999L,
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            (short) -7,
            Short.MIN_VALUE,
            (byte) -128,
            Byte.MAX_VALUE,
            new BigDecimal("1.10"),
            new BigDecimal("-0.000000001"),
            new BigDecimal("1E+10"),
            new BigDecimal(new BigInteger("123456789"), -5),
            new BigDecimal(new BigInteger("123456789"), 30),
            BigDecimal.ZERO,
            new BigInteger("-123456789012345678901234567890"),
            BigInteger.ZERO));
    for (Object n : numbers) {
      assertSameAsJackson(n, "number " + n);
    }
    assertSameAsJackson(numbers, "all numbers");
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      assertSameAsJackson(Double.longBitsToDouble(random.nextLong()), "double bits " + i);
      assertSameAsJackson(Float.intBitsToFloat(random.nextInt()), "float bits " + i);
      assertSameAsJackson(random.nextLong() >> random.nextInt(64), "long " + i);
      assertSameAsJackson(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20), "d " + i);
    }
  }

  @Test
  void instantsDurationsAndEmptyContainersAreWrittenAsJacksonWritesThem() throws Exception {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("t", Instant.parse("2024-01-02T00:00:00Z"));
    v.put("tNanos", Instant.ofEpochSecond(-1, 123_456_789));
    v.put("tMax", Instant.MAX);
    v.put("dur", Duration.ofMinutes(10));
    v.put("negative", Duration.ofMillis(-1500));
    v.put("zero", Duration.ZERO);
    v.put("emptyMap", Map.of());
    v.put("emptyList", List.of());
    v.put("emptyFloats", new float[0]);
    v.put("set", new LinkedHashSet<>(List.of("a", 1)));
    v.put("nulls", Arrays.asList(null, null));
    v.put("n", null);
    v.put("b", true);
    assertSameAsJackson(v, "edge cases");
  }

  @Test
  void valuesOfOtherTypesAreStillWrittenByJackson() throws Exception {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("uuid", UUID.fromString("00000000-0000-0000-0000-000000000001"));
    v.put("array", new Object[] {1, "x", Map.of("k", 2.0)});
    v.put("uri", java.net.URI.create("https://example.com/ä?q=x"));
    v.put("builder", new StringBuilder("sb"));
    assertSameAsJacksonPerhapsThroughJackson(v, "other types");
    assertThatThrownBy(() -> Utf8JsonWriter.write(v, Utf8JsonWriter.Mode.BYTES))
        .isSameAs(Utf8JsonWriter.NEEDS_JACKSON);
    assertThat(JsonValues.write(v)).contains("\"uuid\":\"00000000-0000-0000-0000-000000000001\"");
  }

  @Test
  void mapsWithOtherKeysAreWrittenAsTheyWereBefore() throws Exception {
    Map<Object, Object> v = new LinkedHashMap<>();
    v.put(1, "one");
    v.put(2.5, List.of());
    assertSameAsJackson(v, "number keys");
    Map<Object, Object> withNullKey = new HashMap<>();
    withNullKey.put(null, 1);
    // the byte writer always wrote a null key as "null"; the mapper refuses it
    assertThat(new String(JsonValues.writeBytes(withNullKey), UTF_8)).isEqualTo("{\"null\":1}");
    assertThat(JsonValues.writeBytes(withNullKey))
        .isEqualTo(JsonValues.writeWithGenerator(withNullKey));
    assertThatThrownBy(() -> JsonValues.write(withNullKey))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("Null key");
  }

  @Test
  void longStringsGrowTheBufferAndTheNextValueStartsClean() throws Exception {
    String unit = "abc\u0001\"é€😀\u2028\ud83d";
    String longString = unit.repeat(30_000);
    assertSameAsJackson(longString, "long string");
    assertSameAsJackson(Map.of("k", List.of(longString, longString)), "long strings nested");
    assertSameAsJackson("short after long", "short string");
    for (int n = 7_990; n < 8_010; n++) {
      assertSameAsJackson("x".repeat(n) + "😀\n", "segment boundary " + n);
    }
  }

  @Test
  void nestingIsLimitedAsJacksonLimitsIt() throws Exception {
    assertSameAsJackson(nested(1000), "1000 levels");
    Object tooDeep = nested(1001);
    assertThatThrownBy(() -> JsonValues.writeBytes(tooDeep))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("nesting depth");
    assertThatThrownBy(() -> JsonValues.write(tooDeep))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("nesting depth");
  }

  @Test
  void aKeyWritingJsonInItsToStringGetsAWriterOfItsOwn() throws Exception {
    Object key =
        new Object() {
          @Override
          public String toString() {
            return new String(JsonValues.writeBytes(List.of("inner", 1)), UTF_8);
          }
        };
    Map<Object, Object> v = new LinkedHashMap<>();
    v.put("before", 1);
    v.put(key, "value");
    assertThat(new String(JsonValues.writeBytes(v), UTF_8))
        .isEqualTo("{\"before\":1,\"[\\\"inner\\\",1]\":\"value\"}");
  }

  private static Object nested(int depth) {
    Object v = 1;
    for (int i = 0; i < depth; i++) {
      v = i % 2 == 0 ? List.of(v) : Map.of("k", v);
    }
    return v;
  }

  /** Also asserts that the hand-written writer wrote it, not the fallback to Jackson. */
  private static void assertSameAsJackson(Object value, String what) throws Exception {
    assertThat(Utf8JsonWriter.write(value, Utf8JsonWriter.Mode.BYTES))
        .as(what)
        .isEqualTo(JsonValues.writeWithGenerator(value));
    assertSameAsJacksonPerhapsThroughJackson(value, what);
  }

  private static void assertSameAsJacksonPerhapsThroughJackson(Object value, String what)
      throws Exception {
    byte[] bytes = JsonValues.writeBytes(value);
    assertThat(new String(bytes, UTF_8))
        .as(what)
        .isEqualTo(new String(JsonValues.writeWithGenerator(value), UTF_8));
    assertThat(bytes).as(what).isEqualTo(JsonValues.writeWithGenerator(value));
    if (onlyStringKeys(value)) {
      assertThat(bytes).as(what).isEqualTo(MAPPER.writeValueAsBytes(value));
    }
    assertThat(JsonValues.write(value)).as(what).isEqualTo(MAPPER.writeValueAsString(value));
  }

  private static boolean onlyStringKeys(Object value) {
    if (value instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String) || !onlyStringKeys(e.getValue())) {
          return false;
        }
      }
    } else if (value instanceof Iterable<?> it) {
      for (Object o : it) {
        if (!onlyStringKeys(o)) {
          return false;
        }
      }
    }
    return true;
  }

  private static Object randomValue(Random r, int depth) {
    int kind = r.nextInt(depth > 4 ? 14 : 18);
    switch (kind) {
      case 0:
        return null;
      case 1:
      case 2:
        return randomString(r);
      case 3:
        return r.nextInt() >> r.nextInt(32);
      case 4:
        return r.nextLong() >> r.nextInt(64);
      case 5:
        return r.nextBoolean()
            ? DOUBLES[r.nextInt(DOUBLES.length)]
            : Double.longBitsToDouble(r.nextLong());
      case 6:
        return r.nextBoolean() ? r.nextDouble() * 1000 : (double) r.nextInt(100);
      case 7:
        return r.nextBoolean()
            ? FLOATS[r.nextInt(FLOATS.length)]
            : Float.intBitsToFloat(r.nextInt());
      case 8:
        return r.nextBoolean();
      case 9:
        return new BigDecimal(new BigInteger(r.nextInt(100) + 1, r), r.nextInt(40) - 20);
      case 10:
        return r.nextBoolean() ? new BigInteger(r.nextInt(200) + 1, r) : (short) r.nextInt();
      case 11:
        return Instant.ofEpochSecond(r.nextInt() * 4L, r.nextInt(1_000_000_000));
      case 12:
        return Duration.ofSeconds(r.nextInt(), r.nextInt(1_000_000_000));
      case 13:
        {
          float[] fa = new float[r.nextInt(6)];
          for (int i = 0; i < fa.length; i++) {
            fa[i] = r.nextInt(4) == 0 ? FLOATS[r.nextInt(FLOATS.length)] : r.nextFloat();
          }
          return fa;
        }
      case 14:
      case 15:
        {
          Map<String, Object> m =
              switch (r.nextInt(3)) {
                case 0 -> new HashMap<>();
                case 1 -> new TreeMap<>();
                default -> new LinkedHashMap<>();
              };
          int n = r.nextInt(6);
          for (int i = 0; i < n; i++) {
            m.put(randomString(r), randomValue(r, depth + 1));
          }
          return m;
        }
      default:
        {
          List<Object> list = new ArrayList<>();
          int n = r.nextInt(6);
          for (int i = 0; i < n; i++) {
            list.add(randomValue(r, depth + 1));
          }
          return list;
        }
    }
  }

  private static String randomString(Random r) {
    if (r.nextInt(4) == 0) {
      return AWKWARD_STRINGS[r.nextInt(AWKWARD_STRINGS.length)];
    }
    int n = r.nextInt(r.nextInt(10) == 0 ? 300 : 20);
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(8)) {
        case 0 -> sb.append((char) r.nextInt(0x20));
        case 1 -> sb.append((char) (0x80 + r.nextInt(0x780)));
        case 2 -> sb.append((char) r.nextInt(0x10000));
        case 3 -> sb.appendCodePoint(0x10000 + r.nextInt(0x100000));
        case 4 -> sb.append("\"\\/\u2028\u007f".charAt(r.nextInt(5)));
        default -> sb.append((char) (0x20 + r.nextInt(0x60)));
      }
    }
    return sb.toString();
  }
}
