package dev.walnut.api.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Part of the component SPI a third-party component author implements or calls: the component
 * kinds, {@code ComponentProvider}, the definition and parameter builders, {@code DataType}, {@code
 * Variables}, {@code LazyParameter} and the helpers components use.
 *
 * <p>Such an element is meant for component authors and behaves as its documentation says. While
 * Walnut is 0.x its signatures may still change between minor versions, on purpose and never within
 * a patch version: a component built against one minor version is rebuilt against the next. Members
 * of an annotated type share its level unless they are marked {@link Internal} themselves.
 *
 * <p>Modelled on Flink's {@code @PublicEvolving}; Walnut declares its own so that the stability of
 * its SPI is a statement about Walnut, not about Flink.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
@PublicEvolving
public @interface PublicEvolving {}
