package dev.walnut.shopify.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.shopify.schema.ShopifySchemas;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.schema.GraphQLSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every document Walnut sends is valid against Shopify's published schema of the pinned version.
 */
class AdminDocumentsValidTest {

  @ParameterizedTest
  @EnumSource(AdminDocument.class)
  void adminDocumentIsValidAgainstThePublishedAdminSchema(AdminDocument document) {
    GraphQLSchema schema =
        ShopifySchemas.forValidation(ShopifySchemas.Api.ADMIN, ShopifySchemas.DEFAULT_VERSION);
    ParseAndValidateResult result =
        ParseAndValidate.parseAndValidate(schema, input(document.text()));
    assertThat(result.getErrors()).as(document.resource()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"storefront_recs.graphql", "storefront_nodes.graphql"})
  void storefrontDocumentIsValidAgainstThePublishedStorefrontSchema(String resource)
      throws IOException {
    GraphQLSchema schema =
        ShopifySchemas.forValidation(ShopifySchemas.Api.STOREFRONT, ShopifySchemas.DEFAULT_VERSION);
    String text;
    try (InputStream in = getClass().getResourceAsStream("/storefront/" + resource)) {
      assertThat(in).as("test resource " + resource).isNotNull();
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(ParseAndValidate.parseAndValidate(schema, input(text)).getErrors())
        .as(resource)
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"query { shop { nope } }", "mutation { metaobjectUpsert(handle: 1) { x } }"})
  void theValidatorCatchesWhatShopifyWouldReject(String invalid) {
    GraphQLSchema schema =
        ShopifySchemas.forValidation(ShopifySchemas.Api.ADMIN, ShopifySchemas.DEFAULT_VERSION);
    assertThat(ParseAndValidate.parseAndValidate(schema, input(invalid)).getErrors()).isNotEmpty();
  }

  private static graphql.ExecutionInput input(String query) {
    return graphql.ExecutionInput.newExecutionInput().query(query).build();
  }
}
