package dev.walnut.engine.spel;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents a public helper method and says how its result is typed. Every public method of a
 * helper must carry it: {@link HelperRegistry} refuses helpers with undocumented methods.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface HelperDoc {
  /** One line shown in the designer's autocompletion. */
  String value();

  /** How the typer derives the static result type. */
  Result result() default Result.DECLARED;

  enum Result {
    /** From the Java return type. */
    DECLARED,
    /** Long when every argument is Long, Double otherwise. */
    NUMERIC,
    /** The element type of the list given as first argument. */
    ELEMENT_OF_FIRST,
    /** The type of the list given as first argument. */
    SAME_AS_FIRST,
    /** The common type of all arguments. */
    COMMON_OF_ARGUMENTS
  }
}
