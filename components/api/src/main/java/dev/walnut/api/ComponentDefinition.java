package dev.walnut.api;

import dev.walnut.api.annotation.PublicEvolving;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything the engine, the validator, the docs and the designer need to know about a component
 * without running it: its stable id, kind, palette group, docs, icon, parameters, and how it shapes
 * the variables that follow it.
 */
@PublicEvolving
public final class ComponentDefinition implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern KEBAB_CASE = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  /** Whether the node names an output variable (Nussknacker's {@code output}/{@code outputVar}). */
  public enum OutputVariable {
    NONE,
    OPTIONAL,
    REQUIRED
  }

  /** What variables are visible after the node. */
  public enum ContextAfter {
    /** The input variables stay, and the output variable (if any) is added. */
    KEEP_INPUT,
    /** Only the output variable (and {@code #meta}) is visible after the node. */
    REPLACE
  }

  private final String id;
  private final ComponentKind kind;
  private final String group;
  private final String docs;
  private final String icon;
  private final List<Parameter> parameters;
  private final List<Parameter> branchParameters;
  private final OutputVariable outputVariable;
  private final ContextAfter contextAfter;
  private final boolean joinsBranches;
  private final boolean mayEndBranch;

  private ComponentDefinition(Builder b) {
    this.id = b.id;
    this.kind = b.kind;
    this.group = b.group;
    this.docs = b.docs;
    this.icon = b.icon;
    this.parameters = List.copyOf(b.parameters);
    this.branchParameters = List.copyOf(b.branchParameters);
    this.outputVariable = b.outputVariable;
    this.contextAfter = b.contextAfter;
    this.joinsBranches = b.joinsBranches;
    this.mayEndBranch = b.mayEndBranch;
  }

  /** Starts a definition; {@code id} must be stable kebab-case, e.g. {@code aggregate-sliding}. */
  public static Builder builder(String id, ComponentKind kind) {
    return new Builder(id, kind);
  }

  public String id() {
    return id;
  }

  public ComponentKind kind() {
    return kind;
  }

  /**
   * The palette group: {@code sources}, {@code enrichers}, {@code custom}, {@code sinks}, {@code
   * base}.
   */
  public String group() {
    return group;
  }

  public String docs() {
    return docs;
  }

  /** An icon name the designer maps to a glyph. */
  public String icon() {
    return icon;
  }

  public List<Parameter> parameters() {
    return parameters;
  }

  public Optional<Parameter> parameter(String name) {
    return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * Parameters given once per incoming branch of a join (e.g. union's {@code Output expression}).
   */
  public List<Parameter> branchParameters() {
    return branchParameters;
  }

  public OutputVariable outputVariable() {
    return outputVariable;
  }

  public ContextAfter contextAfter() {
    return contextAfter;
  }

  /** Whether the component takes several branches in (a {@code Join} node). */
  public boolean joinsBranches() {
    return joinsBranches;
  }

  /** Whether the component may be the last node of a branch (its output then goes nowhere). */
  public boolean mayEndBranch() {
    return mayEndBranch;
  }

  /** Validating builder; error messages say which field to fix. */
  public static final class Builder {
    private final String id;
    private final ComponentKind kind;
    private String group;
    private String docs;
    private String icon;
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<Parameter> branchParameters = new ArrayList<>();
    private OutputVariable outputVariable = OutputVariable.NONE;
    private ContextAfter contextAfter = ContextAfter.KEEP_INPUT;
    private boolean joinsBranches;
    private boolean mayEndBranch;

    private Builder(String id, ComponentKind kind) {
      if (id == null || !KEBAB_CASE.matcher(id).matches()) {
        throw new IllegalArgumentException(
            "component id must be kebab-case like `aggregate-sliding`, got `" + id + "`");
      }
      this.id = id;
      this.kind = Objects.requireNonNull(kind, "kind");
      this.group = defaultGroup(kind);
      this.icon = id;
      if (kind == ComponentKind.ENRICHER) {
        outputVariable = OutputVariable.REQUIRED;
      }
    }

    public Builder group(String group) {
      this.group = Objects.requireNonNull(group, "group");
      return this;
    }

    public Builder docs(String docs) {
      this.docs = docs;
      return this;
    }

    public Builder icon(String icon) {
      this.icon = Objects.requireNonNull(icon, "icon");
      return this;
    }

    public Builder parameter(Parameter parameter) {
      parameters.add(Objects.requireNonNull(parameter, "parameter"));
      return this;
    }

    public Builder branchParameter(Parameter parameter) {
      branchParameters.add(Objects.requireNonNull(parameter, "parameter"));
      return this;
    }

    public Builder outputVariable(OutputVariable outputVariable) {
      this.outputVariable = Objects.requireNonNull(outputVariable, "outputVariable");
      return this;
    }

    public Builder contextAfter(ContextAfter contextAfter) {
      this.contextAfter = Objects.requireNonNull(contextAfter, "contextAfter");
      return this;
    }

    public Builder joinsBranches() {
      this.joinsBranches = true;
      return this;
    }

    public Builder mayEndBranch() {
      this.mayEndBranch = true;
      return this;
    }

    public ComponentDefinition build() {
      if (docs == null || docs.isBlank()) {
        throw new IllegalStateException("component `" + id + "` needs docs text");
      }
      Set<String> names = new HashSet<>();
      for (Parameter p : parameters) {
        if (!names.add(p.name())) {
          throw new IllegalStateException(
              "component `" + id + "` declares parameter `" + p.name() + "` twice");
        }
      }
      if (joinsBranches && kind != ComponentKind.CUSTOM) {
        throw new IllegalStateException(
            "component `" + id + "`: only custom components join branches");
      }
      if (kind == ComponentKind.ENRICHER && outputVariable != OutputVariable.REQUIRED) {
        throw new IllegalStateException(
            "component `" + id + "`: an enricher always has an output variable");
      }
      return new ComponentDefinition(this);
    }

    private static String defaultGroup(ComponentKind kind) {
      return switch (kind) {
        case SOURCE -> "sources";
        case SINK -> "sinks";
        case ENRICHER -> "enrichers";
        case CUSTOM -> "custom";
        case FLOW -> "base";
      };
    }
  }
}
