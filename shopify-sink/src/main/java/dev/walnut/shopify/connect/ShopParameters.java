package dev.walnut.shopify.connect;

import dev.walnut.api.DataType;
import dev.walnut.api.Editor;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValidator;
import dev.walnut.api.SecretReference;
import dev.walnut.shopify.admin.AdminClient;
import dev.walnut.shopify.schema.ShopifySchemas;
import java.time.Duration;

/**
 * The parameters every Shopify component connects with — {@code Shop}, {@code Access token}, {@code
 * API version} — declared once, so the shop allow-list ({@link ShopAddress}) and the secret
 * handling are the same for the sink and the source.
 */
public final class ShopParameters {
  public static final String SHOP = "Shop";
  public static final String TOKEN = "Access token";
  public static final String VERSION = "API version";

  private ShopParameters() {}

  /** {@code Shop}: a {@code *.myshopify.com} shop, or a local one with the local-dev switch. */
  public static Parameter shop() {
    return Parameter.once(SHOP, DataType.STRING)
        .validator(ParameterValidator.notBlank())
        .validator(
            new ParameterValidator.Named(
                "a *.myshopify.com shop",
                (name, value) -> ShopAddress.refusal(String.valueOf(value))))
        .docs(
            "The shop: `walnut-demo.myshopify.com` (HTTPS only). A local Shopify"
                + " (`http://127.0.0.1:8083`) only where the operator switched local"
                + " development on (-Dwalnut.shopify.local-dev=true or"
                + " WALNUT_SHOPIFY_LOCAL_DEV=true).")
        .build();
  }

  /**
   * {@code Access token}: a secret reference resolved where the job runs.
   *
   * @param scopes the access scopes the component needs, for the docs
   */
  public static Parameter accessToken(String scopes) {
    return Parameter.once(TOKEN, DataType.STRING)
        .defaultExpression("'${env:SHOPIFY_ADMIN_TOKEN}'")
        .editor(Editor.SECRET)
        .validator(ParameterValidator.secretReference("${env:SHOPIFY_ADMIN_TOKEN}"))
        .docs(
            "The Admin API access token, as a reference resolved where the job runs:"
                + " `${env:NAME}` (environment variable), `${sys:name}` (system"
                + " property) or `${file:/path}` (a mounted secret file). Scopes: "
                + scopes
                + ".")
        .build();
  }

  /** {@code API version}: {@code YYYY-MM}. */
  public static Parameter apiVersion() {
    return Parameter.once(VERSION, DataType.STRING)
        .defaultExpression("'" + ShopifySchemas.DEFAULT_VERSION + "'")
        .validator(ParameterValidator.matches("\\d{4}-\\d{2}", "a version like 2026-10"))
        .docs("The Admin API version (quarterly, `YYYY-MM`).")
        .build();
  }

  /**
   * A client for the shop, opened where the job runs: the shop is checked against this process's
   * allow-list again (its local-dev switch is what counts), the token reference is resolved here.
   *
   * @param who names the node in error messages, e.g. {@code node `catalogue`}
   * @param scopes the access scopes the component needs, named when Shopify refuses the token
   * @throws IllegalStateException if the shop is not allowed or the token cannot be resolved
   */
  public static AdminClient openClient(
      String who,
      String shop,
      String tokenReference,
      String version,
      String scopes,
      Duration timeout) {
    ShopAddress.refusal(shop)
        .ifPresent(
            reason -> {
              throw new IllegalStateException(who + ": " + reason);
            });
    return AdminClient.create(
        shop,
        version,
        SecretReference.parse(tokenReference, "the access token").resolve(),
        timeout,
        scopes);
  }
}
