package dev.walnut.shopify.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A client of Shopify's GraphQL Admin API: {@code POST
 * https://<shop>/admin/api/<version>/graphql.json} with the {@code X-Shopify-Access-Token} header.
 * Failures are classified ({@link ShopifyApiException.Kind}); retrying is the caller's decision.
 * The token is never logged nor put in messages.
 */
public final class AdminClient implements AutoCloseable {
  private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OkHttpClient http;
  private final String endpoint;
  private final String accessToken;
  private final String scopes;

  private AdminClient(String endpoint, String accessToken, Duration timeout, String scopes) {
    this.endpoint = endpoint;
    this.accessToken = accessToken;
    this.scopes = scopes;
    this.http =
        new OkHttpClient.Builder()
            .callTimeout(timeout)
            .readTimeout(timeout)
            .retryOnConnectionFailure(false)
            .build();
  }

  /**
   * A client for {@code shop}: a domain ({@code walnut-demo.myshopify.com}), a bare shop name
   * ({@code walnut-demo}), or a base URL ({@code http://127.0.0.1:8083}, e.g. the local Shopify).
   */
  public static AdminClient create(
      String shop, String version, String accessToken, Duration timeout) {
    return create(
        shop, version, accessToken, timeout, "write_metaobjects, write_metaobject_definitions");
  }

  /**
   * The same, for a caller needing other access scopes: {@code scopes} are named when Shopify
   * refuses the token (401/403), e.g. {@code read_products}.
   */
  public static AdminClient create(
      String shop, String version, String accessToken, Duration timeout, String scopes) {
    Objects.requireNonNull(accessToken, "accessToken");
    return new AdminClient(endpoint(shop, version), accessToken, timeout, scopes);
  }

  /** The Admin GraphQL endpoint of a shop. */
  public static String endpoint(String shop, String version) {
    if (shop == null || shop.isBlank()) {
      throw new IllegalArgumentException(
          "the shop domain is empty; give e.g. `walnut-demo.myshopify.com`");
    }
    if (version == null || !version.matches("\\d{4}-\\d{2}|unstable")) {
      throw new IllegalArgumentException(
          "API version must look like `2026-10`, got `" + version + "`");
    }
    String base = shop.trim();
    if (!base.startsWith("http://") && !base.startsWith("https://")) {
      base = "https://" + (base.contains(".") ? base : base + ".myshopify.com");
    }
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base + "/admin/api/" + version + "/graphql.json";
  }

  public String endpoint() {
    return endpoint;
  }

  /** Sends a document with variables; answers the {@code data}, or throws a classified failure. */
  public AdminResponse execute(AdminDocument document, Map<String, ?> variables)
      throws ShopifyApiException {
    ObjectNode body = JSON.createObjectNode();
    body.put("query", document.text());
    body.set("variables", JSON.valueToTree(variables));
    Request request =
        new Request.Builder()
            .url(endpoint)
            .header("X-Shopify-Access-Token", accessToken)
            .header("Accept", "application/json")
            .post(RequestBody.create(body.toString(), JSON_TYPE))
            .build();
    try (Response response = http.newCall(request).execute()) {
      String text = response.body() == null ? "" : response.body().string();
      JsonNode json = parse(text);
      QueryCost cost = QueryCost.of(json).orElse(null);
      int status = response.code();
      if (status == 429) {
        throw new ShopifyApiException(
            ShopifyApiException.Kind.TOO_MANY_REQUESTS,
            "HTTP 429 from Shopify",
            cost,
            retryAfter(response.header("Retry-After")),
            null);
      } else if (status >= 500) {
        throw new ShopifyApiException(
            ShopifyApiException.Kind.SERVER_ERROR,
            "HTTP " + status + " from Shopify",
            cost,
            retryAfter(response.header("Retry-After")),
            null);
      } else if (status == 401 || status == 403) {
        throw new ShopifyApiException(
            ShopifyApiException.Kind.UNAUTHORIZED,
            "HTTP "
                + status
                + " from "
                + endpoint
                + ": check the access token and its scopes ("
                + scopes
                + ")",
            cost,
            null);
      } else if (status != 200 || json == null) {
        throw new ShopifyApiException(
            ShopifyApiException.Kind.REJECTED,
            "HTTP " + status + " from " + endpoint + ": " + abbreviate(text),
            cost,
            null);
      }
      JsonNode errors = json.path("errors");
      if (errors.isArray() && !errors.isEmpty()) {
        if ("THROTTLED".equals(errors.get(0).path("extensions").path("code").asText())) {
          throw new ShopifyApiException(
              ShopifyApiException.Kind.THROTTLED, "THROTTLED", cost, null);
        }
        throw new ShopifyApiException(
            ShopifyApiException.Kind.REJECTED,
            document.resource() + " failed: " + abbreviate(errors.toString()),
            cost,
            null);
      }
      return new AdminResponse(json.path("data"), java.util.Optional.ofNullable(cost));
    } catch (InterruptedIOException e) {
      throw new ShopifyApiException(
          ShopifyApiException.Kind.NETWORK, "timeout calling " + endpoint, null, e);
    } catch (IOException e) {
      throw new ShopifyApiException(
          ShopifyApiException.Kind.NETWORK,
          "cannot reach " + endpoint + ": " + e.getMessage(),
          null,
          e);
    }
  }

  /**
   * Posts a file to a staged upload target ({@code stagedUploadsCreate}): the target's parameters
   * as form fields, then the file.
   */
  public void upload(String url, Map<String, String> parameters, byte[] content, String mimeType)
      throws ShopifyApiException {
    MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM);
    parameters.forEach(form::addFormDataPart);
    form.addFormDataPart(
        "file", "bulk_op_vars.jsonl", RequestBody.create(content, MediaType.get(mimeType)));
    Request request = new Request.Builder().url(url).post(form.build()).build();
    try (Response response = http.newCall(request).execute()) {
      String detail =
          response.code() >= 300 && response.body() != null
              ? ": " + abbreviate(response.body().string())
              : "";
      if (response.code() >= 500) {
        throw new ShopifyApiException(
            ShopifyApiException.Kind.SERVER_ERROR,
            "staged upload answered HTTP " + response.code() + detail,
            null,
            null);
      } else if (response.code() >= 300) {
        throw new ShopifyApiException(
            ShopifyApiException.Kind.REJECTED,
            "staged upload answered HTTP " + response.code() + detail,
            null,
            null);
      }
    } catch (IOException e) {
      throw new ShopifyApiException(
          ShopifyApiException.Kind.NETWORK, "staged upload failed: " + e.getMessage(), null, e);
    }
  }

  /** Downloads a result file (e.g. a bulk operation's {@code url}). */
  public String download(String url) throws ShopifyApiException {
    try (Response response = http.newCall(new Request.Builder().url(url).get().build()).execute()) {
      if (response.code() != 200 || response.body() == null) {
        throw new ShopifyApiException(
            response.code() >= 500
                ? ShopifyApiException.Kind.SERVER_ERROR
                : ShopifyApiException.Kind.REJECTED,
            "download answered HTTP " + response.code(),
            null,
            null);
      }
      return response.body().string();
    } catch (IOException e) {
      throw new ShopifyApiException(
          ShopifyApiException.Kind.NETWORK, "download failed: " + e.getMessage(), null, e);
    }
  }

  /** {@code Retry-After} in seconds (Shopify never sends the HTTP-date form); null if absent. */
  private static java.time.Duration retryAfter(String header) {
    if (header == null) {
      return null;
    }
    try {
      double seconds = Double.parseDouble(header.trim());
      return seconds >= 0 && seconds < 3600
          ? java.time.Duration.ofMillis((long) (seconds * 1000))
          : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static JsonNode parse(String text) {
    try {
      return text.isBlank() ? null : JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 500 ? text.substring(0, 500) + "…" : text;
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
