package dev.walnut.snowplow.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The collector's hand-written JSON output and the streaming checks, against Jackson's reading. */
class RecordEncodingTest {
  static final ObjectMapper MAPPER = new ObjectMapper();

  static JsonNode read(byte[] json) throws Exception {
    return MAPPER.readTree(json);
  }

  @Test
  void stringsWithEscapesControlCharactersAndAllOfUnicodeReadBackUnchanged() throws Exception {
    String[] values = {
      "plain",
      "",
      "quote \" backslash \\ slash /",
      "lines\n\r\ttab \b \f",
      "control \u0001\u001f del \u007f",
      "é ü ß 中文 €",
      "emoji 😀 pair",
      "latin1 ÿ and three bytes \uffff",
    };
    for (String v : values) {
      byte[] json = new JsonBytes(4).beginObject().name("k").string(v).endObject().toByteArray();
      assertThat(read(json).get("k").asText()).as(v).isEqualTo(v);
      if (v.codePoints().allMatch(Character::isBmpCodePoint)) {
        // the same bytes as Jackson; beyond the BMP Jackson 2.18 writes surrogate escapes
        // where this writer writes the 4-byte UTF-8 form
        assertThat(json).isEqualTo(MAPPER.writeValueAsBytes(Map.of("k", v)));
      }
    }
  }

  @Test
  void aLoneSurrogateIsEscapedSoTheRecordStaysValidUtf8Json() throws Exception {
    byte[] json =
        new JsonBytes(8).beginObject().name("k").string("a\ud800b").endObject().toByteArray();
    assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"k\":\"a\\uD800b\"}");
    assertThat(read(json).get("k").asText()).isEqualTo("a\ud800b");
  }

  @Test
  void randomStringsReadBackUnchanged() throws Exception {
    Random random = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = random.nextInt(40);
      for (int j = 0; j < n; j++) {
        int cp =
            switch (random.nextInt(4)) {
              case 0 -> random.nextInt(0x80);
              case 1 -> random.nextInt(0x800);
              case 2 -> 0xe000 + random.nextInt(0x2000);
              default -> 0x10000 + random.nextInt(0x10000);
            };
        sb.appendCodePoint(cp);
      }
      String v = sb.toString();
      Map<String, String> m = new LinkedHashMap<>();
      m.put(v, v);
      JsonBytes out = new JsonBytes(1).beginObject();
      m.forEach((k, val) -> out.name(k).string(val));
      byte[] json = out.endObject().toByteArray();
      assertThat(read(json)).isEqualTo(MAPPER.valueToTree(m));
      assertThat(new String(json, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8))
          .isEqualTo(json);
    }
  }

  @Test
  void nestedObjectsArraysAndRawValuesGetTheirCommas() throws Exception {
    JsonBytes j = new JsonBytes(2).beginObject();
    j.name("a").beginArray().string("x").nullValue().bool(true).number(-42).endArray();
    j.name("b").beginObject().name("c").rawValue("{\"d\":[1,2]}".getBytes()).endObject();
    j.name("e").nullValue();
    assertThat(new String(j.endObject().toByteArray(), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":[\"x\",null,true,-42],\"b\":{\"c\":{\"d\":[1,2]}},\"e\":null}");
  }

  @Test
  void base64DecodesBothAlphabetsWithOrWithoutPaddingAndRepairsMalformedUtf8() {
    byte[] data = "{\"a\":\"ü?>>\"}".getBytes(StandardCharsets.UTF_8);
    for (String encoded :
        new String[] {
          Base64.getEncoder().encodeToString(data),
          Base64.getUrlEncoder().withoutPadding().encodeToString(data),
          Base64.getMimeEncoder(4, "\r\n".getBytes()).encodeToString(data),
        }) {
      assertThat(Base64Values.decodeUtf8("cx", encoded)).as(encoded).isEqualTo(data);
    }
    byte[] broken = {'"', (byte) 0xc3, '"'};
    assertThat(Base64Values.decodeUtf8("cx", Base64.getEncoder().encodeToString(broken)))
        .isEqualTo("\"\ufffd\"".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> Base64Values.decodeUtf8("cx", "abcde"))
        .hasMessageContaining("field `cx` is not base64: its length 5 is impossible");
    assertThatThrownBy(() -> Base64Values.decodeUtf8("cx", "ab*d"))
        .hasMessageContaining(
            "field `cx` is not base64 (standard or URL-safe): illegal character `*`");
    assertThatThrownBy(() -> Base64Values.decodeUtf8("cx", "ab=d"))
        .hasMessageContaining("illegal character `=`");
  }

  @Test
  void selfDescribingJsonIsCheckedWithoutBuildingItAndTrailingTextIsCut() throws Exception {
    String ok =
        "{\"schema\":\"iglu:a/b/jsonschema/1-0-0\",\"data\":{\"schema\":\"s\",\"data\":{}}}";
    assertThat(SelfDescribingJson.check(MAPPER.getFactory(), ok.getBytes(), false))
        .isEqualTo(ok.getBytes());
    assertThat(SelfDescribingJson.check(MAPPER.getFactory(), (ok + "  junk").getBytes(), false))
        .isEqualTo(ok.getBytes());
    String entities = "{\"data\":[{\"schema\":\"e\",\"data\":{\"x\":[1]}}],\"schema\":\"c\"}";
    assertThat(SelfDescribingJson.check(MAPPER.getFactory(), entities.getBytes(), true))
        .isEqualTo(entities.getBytes());
    Object[][] bad = {
      {"[1]", false, " must be a self-describing JSON with `schema` and `data`"},
      {"{\"schema\":1,\"data\":{}}", false, " must be a self-describing JSON"},
      {
        "{\"schema\":\"s\",\"data\":[]}", false, ": `data` must be the event's self-describing JSON"
      },
      {"{\"schema\":\"s\"}", true, ": `data` must be a list"},
      {"{\"schema\":\"s\",\"data\":[{\"data\":{}}]}", true, ": every entity needs a `schema`"},
      {"{\"schema\":\"s\",\"data\":[3]}", true, ": every entity needs a `schema`"},
    };
    for (Object[] b : bad) {
      assertThatThrownBy(
              () ->
                  SelfDescribingJson.check(
                      MAPPER.getFactory(), ((String) b[0]).getBytes(), (Boolean) b[1]))
          .as((String) b[0])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining((String) b[2]);
    }
    assertThatThrownBy(
            () -> SelfDescribingJson.check(MAPPER.getFactory(), "{\"schema\":".getBytes(), false))
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void postBodiesAreReadInOnePassWithTheRawTextOfBadEvents() throws Exception {
    String body =
        "{\"data\":[{\"e\":\"pv\",\"n\":1.50,\"b\":true,\"z\":null},"
            + " 7 ,{\"e\":\"pv\",\"co\":{\"x\":[1]}},\"s\"],"
            + "\"schema\":\"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4\"}";
    PostBody b = PostBody.read(MAPPER, body.getBytes(StandardCharsets.UTF_8), 1_000);
    assertThat(b.isObject()).isTrue();
    assertThat(b.schema()).startsWith(TrackerProtocol.PAYLOAD_DATA_PREFIX);
    assertThat(b.events()).hasSize(4);
    assertThat(b.events().get(0).params())
        .containsExactly(Map.entry("e", "pv"), Map.entry("n", "1.50"), Map.entry("b", "true"));
    assertThat(b.events().get(1).problem()).isEqualTo("each event must be a JSON object");
    assertThat(b.events().get(1).raw()).isEqualTo("7");
    assertThat(b.events().get(2).problem())
        .isEqualTo("parameter `co` must be a string, got OBJECT");
    assertThat(b.events().get(2).raw()).isEqualTo("{\"e\":\"pv\",\"co\":{\"x\":[1]}}");
    assertThat(b.events().get(3).raw()).isEqualTo("\"s\"");

    PostBody wrongSchema = PostBody.read(MAPPER, "{\"schema\":{\"a\":1}}".getBytes(), 1_000);
    assertThat(wrongSchema.schema()).isNull();
    assertThat(wrongSchema.schemaAsJson()).isEqualTo("{\"a\":1}");
    assertThat(wrongSchema.events()).isNull();
    assertThat(PostBody.read(MAPPER, "[1]".getBytes(), 1_000).isObject()).isFalse();
    assertThat(PostBody.read(MAPPER, new byte[0], 1_000).isObject()).isFalse();
    assertThatThrownBy(() -> PostBody.read(MAPPER, "{\"data\":[{]}".getBytes(), 1_000))
        .isInstanceOf(java.io.IOException.class);

    // beyond the limit, events are counted but not read
    PostBody many = PostBody.read(MAPPER, body.getBytes(StandardCharsets.UTF_8), 2);
    assertThat(many.events()).hasSize(2);
    assertThat(many.eventCount()).isEqualTo(4);
  }

  @Test
  void timestampsMatchInstantForEveryMillisecondShape() {
    long[] samples = {
      0L, 1L, 999L, 1_000L, 1_763_800_000_123L, 1_763_800_000_000L, 253402300799999L
    };
    for (long t : samples) {
      String expected = java.time.Instant.ofEpochMilli(t).toString();
      if (expected.length() == 20) {
        expected = expected.substring(0, 19) + ".000Z";
      }
      assertThat(Timestamps.iso(t)).as("" + t).isEqualTo(expected);
    }
    assertThat(Timestamps.iso(253402300800000L)).isEqualTo("+10000-01-01T00:00:00Z");
  }
}
