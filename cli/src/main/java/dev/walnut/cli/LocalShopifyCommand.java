package dev.walnut.cli;

import dev.walnut.embedded.shopify.LocalShopify;
import dev.walnut.shopify.admin.AdminClient;
import dev.walnut.shopify.admin.RecommendationDefinition;
import dev.walnut.shopify.schema.ShopifyPlan;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code walnut shopify-local}: runs the local Shopify (Admin + Storefront GraphQL on Shopify's
 * published schemas, in-memory shop, cost-based rate limit) until interrupted.
 */
@Command(
    name = "shopify-local",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a local Shopify: Admin and Storefront GraphQL APIs on Shopify's published 2026-10"
          + " schemas, an in-memory shop with a product catalog, and Shopify's cost-based rate"
          + " limit. Point the shopify-recommendations sink's `Shop` at the printed base URL."
    })
public final class LocalShopifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--port", description = "HTTP port (default ${DEFAULT-VALUE}; 0 picks one).")
  int port = 8083;

  @Option(names = "--host", description = "Interface to listen on (default ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Option(
      names = "--plan",
      description = "standard|advanced|plus|enterprise: the rate limit (default ${DEFAULT-VALUE}).")
  String plan = "standard";

  @Option(
      names = "--token",
      description =
          "Admin API access token to insist on (default: any token is accepted). Never use a real"
              + " shop's token here.")
  String token;

  @Option(names = "--products", description = "Products in the catalog (default ${DEFAULT-VALUE}).")
  int products = 200;

  @Option(
      names = "--no-definition",
      description = "Do not create the $app:recommendations definition at start.")
  boolean noDefinition;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ShopifyPlan shopPlan = ShopifyPlan.parse(plan);
    try (LocalShopify shopify =
        LocalShopify.builder()
            .host(host)
            .port(port)
            .plan(shopPlan)
            .accessToken(token)
            .catalogSize(products)
            .build()
            .start()) {
      out.printf(
          "local Shopify (%s plan: %.0f points/s, bucket %.0f)%n",
          plan, shopPlan.restoreRate(), shopPlan.bucketSize());
      out.println("  shop base URL : " + shopify.baseUrl());
      out.println("  Admin API     : " + shopify.adminUrl());
      out.println("  Storefront API: " + shopify.storefrontUrl());
      if (!noDefinition) {
        try (AdminClient client =
            AdminClient.create(
                shopify.baseUrl(),
                "2026-10",
                token == null ? "local" : token,
                Duration.ofSeconds(30))) {
          RecommendationDefinition d =
              RecommendationDefinition.bootstrap(client, "$app:recommendations");
          out.println(
              "  metaobject type: " + d.type() + " (storefront " + d.storefrontAccess() + ")");
        }
      }
      out.printf("  products      : %s … (%d)%n", shopify.productIds().get(0), products);
      out.println("Ctrl-C stops it.");
      out.flush();
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
    }
    return 0;
  }
}
