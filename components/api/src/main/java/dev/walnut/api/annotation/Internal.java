package dev.walnut.api.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Public only because the engine, the hosts (CLI, designer) or Flink itself need to reach it from
 * another package or module: serializers Flink instantiates by reflection, the buffers between the
 * {@code collect} sink and the host that shows them, the descriptor type of the engine's own flow
 * nodes. Component authors must not implement, call or extend it; it may change or disappear in any
 * version without notice.
 *
 * <p>On a member of a {@link PublicEvolving} type, it marks that member alone as plumbing.
 *
 * <p>Modelled on Flink's {@code @Internal}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
@PublicEvolving
public @interface Internal {}
