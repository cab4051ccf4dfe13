package dev.walnut.demo.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CartTest {
  @Test
  void linesKeepTheOrderTheyWereAddedInAndRepeatsAddUp() {
    Cart cart = Cart.parse("8000000000042:2,8000000000007:1,8000000000042:1");
    assertThat(cart.quantities())
        .containsExactly(
            java.util.Map.entry("8000000000042", 3), java.util.Map.entry("8000000000007", 1));
    assertThat(cart.itemCount()).isEqualTo(4);
  }

  @Test
  void whatDoesNotParseIsIgnored() {
    assertThat(
            Cart.parse("x:1, 8000000000042:0,8000000000007:-1,:3,42:1000,8000000000001:1")
                .quantities())
        .containsOnlyKeys("8000000000001");
    assertThat(Cart.parse(null).itemCount()).isZero();
    assertThat(Cart.parse("").quantities()).isEmpty();
  }
}
