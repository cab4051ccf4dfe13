package dev.walnut.components.base;

import dev.walnut.api.Component;
import dev.walnut.api.ComponentProvider;
import dev.walnut.components.base.aggregate.AggregateSessionComponent;
import dev.walnut.components.base.aggregate.AggregateSlidingComponent;
import dev.walnut.components.base.aggregate.AggregateTumblingComponent;
import dev.walnut.components.base.catalogue.CatalogueComponent;
import dev.walnut.components.base.covisit.CoVisitComponent;
import dev.walnut.components.base.debug.CollectComponent;
import dev.walnut.components.base.debug.DeadEndComponent;
import dev.walnut.components.base.debug.LogComponent;
import dev.walnut.components.base.flow.ForEachComponent;
import dev.walnut.components.base.flow.UnionComponent;
import dev.walnut.components.base.generator.EventGeneratorComponent;
import dev.walnut.components.base.kafka.KafkaSinkComponent;
import dev.walnut.components.base.kafka.KafkaSourceComponent;
import dev.walnut.components.base.keyed.DelayComponent;
import dev.walnut.components.base.keyed.PreviousValueComponent;
import dev.walnut.components.base.topn.TopNComponent;
import dev.walnut.components.base.trending.TrendingComponent;
import java.util.List;

/** Walnut's base components, registered through {@code META-INF/services} like anyone's. */
public final class BaseComponents implements ComponentProvider {
  @Override
  public String name() {
    return "walnut-base";
  }

  @Override
  public List<Component> components() {
    return List.of(
        new KafkaSourceComponent(),
        new KafkaSinkComponent(),
        new EventGeneratorComponent(),
        new UnionComponent(),
        new ForEachComponent(),
        new PreviousValueComponent(),
        new DelayComponent(),
        new AggregateSlidingComponent(),
        new AggregateTumblingComponent(),
        new AggregateSessionComponent(),
        new CoVisitComponent(),
        new TopNComponent(),
        new TrendingComponent(),
        new CatalogueComponent(),
        new DeadEndComponent(),
        new CollectComponent(),
        new LogComponent());
  }
}
