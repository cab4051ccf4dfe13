package dev.walnut.demo.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.shopify.schema.ShopifySchemas;
import graphql.ExecutionInput;
import graphql.ParseAndValidate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every query the shop and its recommendations block send is valid on the published schema. */
class StorefrontQueriesTest {
  private static void assertValid(String query) {
    assertThat(
            ParseAndValidate.parseAndValidate(
                    ShopifySchemas.forValidation(
                        ShopifySchemas.Api.STOREFRONT, ShopifySchemas.DEFAULT_VERSION),
                    ExecutionInput.newExecutionInput().query(query).build())
                .getErrors())
        .isEmpty();
  }

  @Test
  void theShopsProductQueries() {
    assertValid(StorefrontClient.PRODUCTS_QUERY);
    assertValid(StorefrontClient.PRODUCT_QUERY);
  }

  @Test
  void theRecommendationsBlocksQuery() throws IOException {
    String script =
        Files.readString(
            Path.of("..", "storefront-snippet", "assets", "walnut-recommendations.js"));
    Matcher m =
        Pattern.compile("RECOMMENDATIONS_QUERY = /\\* graphql \\*/ `([^`]+)`").matcher(script);
    assertThat(m.find()).as("the query in walnut-recommendations.js").isTrue();
    assertValid(m.group(1));
  }
}
