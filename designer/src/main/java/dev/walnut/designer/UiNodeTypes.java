package dev.walnut.designer;

import dev.walnut.engine.scenario.NodeType;
import dev.walnut.engine.scenario.NodeType.JsonField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The web UI's node types ({@code ui/src/generated/nodeTypes.ts}), generated from the engine's
 * {@link NodeType} table so the UI has no second copy of it: the JSON of every node type as a
 * TypeScript discriminated union, the table itself, and the accessors for a node's component id and
 * parameters. {@code UiNodeTypesTest} fails while the committed file differs and rewrites it with
 * {@value #REGENERATE}.
 */
final class UiNodeTypes {
  /** Where the generated file lives, from the designer module's directory. */
  static final String FILE = "ui/src/generated/nodeTypes.ts";

  /** The command that rewrites {@link #FILE} (from the repository's root). */
  static final String REGENERATE =
      "mvn -B -ntp -pl designer test -Dwalnut.ui.skip -Dtest=UiNodeTypesTest -Dwalnut.regenerate";

  /** The JSON field of the node types an analyst can disable (Nussknacker's {@code isDisabled}). */
  private static final String DISABLED_FIELD = "isDisabled";

  private UiNodeTypes() {}

  /** The TypeScript module. */
  static String typescript() {
    StringBuilder ts = new StringBuilder();
    ts.append(
        """
        // Generated from the engine's node type table (dev.walnut.engine.scenario.NodeType) by
        // dev.walnut.designer.UiNodeTypes: do not edit. UiNodeTypesTest fails while this file
        // differs from the table; regenerate from the repository's root with
        """);
    ts.append("//   ").append(REGENERATE).append("\n\n");
    ts.append(
        """
        /** A JSON value: what the scenario format holds where the designer models nothing. */
        export type JsonValue =
          | string
          | number
          | boolean
          | null
          | JsonValue[]
          | { [key: string]: JsonValue };

        """);
    ts.append("/** The `type` of a node in the scenario format. */\n");
    ts.append("export type NodeTypeName =\n")
        .append(
            Arrays.stream(NodeType.values())
                .map(t -> "  | " + quote(t.json()))
                .collect(Collectors.joining("\n")))
        .append(";\n\n");
    ts.append("/** The kinds of component a node is an instance of. */\n");
    ts.append("export type ComponentKind = ")
        .append(
            Arrays.stream(dev.walnut.api.ComponentKind.values())
                .map(k -> quote(lower(k)))
                .collect(Collectors.joining(" | ")))
        .append(";\n\n");
    ts.append(
        """
        export interface ExpressionJson {
          language: string;
          expression: string;
        }

        export interface ParameterJson {
          name: string;
          expression: ExpressionJson;
        }

        /** A source's or sink's component. */
        export interface RefJson {
          typ: string;
          parameters: ParameterJson[];
        }

        /** An enricher's or processor's service. */
        export interface ServiceJson {
          id: string;
          parameters: ParameterJson[];
        }

        /** A join's parameters for one incoming branch. */
        export interface BranchParametersJson {
          branchId: string;
          parameters: ParameterJson[];
        }

        /** A field of a record variable (VariableBuilder). */
        export interface RecordFieldJson {
          name: string;
          expression: ExpressionJson;
        }

        /** A case of a switch: its condition and the branch it starts. */
        export interface CaseJson {
          expression: ExpressionJson;
          nodes: NodeJson[];
        }

        /** Where a branch flows into a join. */
        export interface BranchEndDefinitionJson {
          id: string;
          joinId: string;
        }

        /** A node's description and position on the canvas. */
        export interface AdditionalFieldsJson {
          description?: string | null;
          layoutData?: { x: number; y: number } | null;
        }

        """);
    for (NodeType t : NodeType.values()) {
      ts.append("export interface ").append(interfaceName(t)).append(" {\n");
      ts.append("  type: ").append(quote(t.json())).append(";\n");
      if (t.hasId()) {
        ts.append("  id: string;\n");
        ts.append("  additionalFields?: AdditionalFieldsJson | null;\n");
      }
      for (JsonField f : t.fields()) {
        ts.append("  ").append(f.name());
        ts.append(f.optional() ? "?: " + tsType(f.shape()) + " | null" : ": " + tsType(f.shape()));
        ts.append(";\n");
      }
      ts.append("}\n\n");
    }
    ts.append("/** A node of the scenario format, of any type. */\n");
    ts.append("export type NodeJson =\n");
    ts.append(
        Arrays.stream(NodeType.values())
            .map(t -> "  | " + interfaceName(t))
            .collect(Collectors.joining("\n")));
    ts.append(";\n\n");
    ts.append(
        """
        /**
         * A scenario: its metaData, the main branch (starting with a source) and the additional
         * branches (further sources, and the branches that start with a join).
         */
        export interface ScenarioJson {
          metaData: JsonValue;
          nodes: NodeJson[];
          additionalBranches?: NodeJson[][] | null;
        }

        /** What a node type means to Walnut (see NodeType in the engine). */
        export interface NodeTypeInfo {
          /** The kind of component a node of this type is an instance of; null for a branch end. */
          readonly componentKind: ComponentKind | null;
          /** The control-flow component every node of this type is; null when each node names its own. */
          readonly flowComponentId: string | null;
          /** Where a node names its component, e.g. ["ref", "typ"]; empty when it does not. */
          readonly componentIdPath: readonly string[];
          /** Where a node lists the parameters of the component it names; empty for fixed fields. */
          readonly parametersPath: readonly string[];
          /** The fields holding successor branches, rebuilt from the canvas's edges. */
          readonly successorFields: readonly string[];
          /** The named outputs on the canvas (after one output per case, when outputPerCase). */
          readonly outputs: readonly string[];
          /** Whether each case (a Switch's `nexts`) is an output of its own. */
          readonly outputPerCase: boolean;
          /** Whether one output may go to several nodes. */
          readonly fansOut: boolean;
          /** Whether records flow into the node from a previous one. */
          readonly hasInput: boolean;
          /** Whether the node starts a branch, and only that. */
          readonly startsBranch: boolean;
          /** Whether the node is the last of its branch's node list. */
          readonly endsBranch: boolean;
          /** Whether the node joins several incoming branches. */
          readonly joinsBranches: boolean;
          /** Whether the analyst can disable a node of this type (its JSON has `isDisabled`). */
          readonly disableable: boolean;
        }

        export const NODE_TYPES: { readonly [T in NodeTypeName]: NodeTypeInfo } = {
        """);
    for (NodeType t : NodeType.values()) {
      ts.append("  ").append(t.json()).append(": {\n");
      ts.append("    componentKind: ")
          .append(t.componentKind().map(k -> quote(lower(k))).orElse("null"))
          .append(", flowComponentId: ")
          .append(t.flowComponentId().map(UiNodeTypes::quote).orElse("null"))
          .append(",\n");
      ts.append("    componentIdPath: ")
          .append(array(t.componentIdPath()))
          .append(", parametersPath: ")
          .append(array(t.parametersPath()))
          .append(",\n");
      ts.append("    successorFields: ")
          .append(array(t.successorFields()))
          .append(", outputs: ")
          .append(array(t.outputs()))
          .append(", outputPerCase: ")
          .append(t.outputPerCase())
          .append(", fansOut: ")
          .append(t.fansOut())
          .append(",\n");
      ts.append("    hasInput: ")
          .append(t.hasInput())
          .append(", startsBranch: ")
          .append(t.startsBranch())
          .append(", endsBranch: ")
          .append(t.endsBranch())
          .append(", joinsBranches: ")
          .append(t.joinsBranches())
          .append(",\n");
      ts.append("    disableable: ")
          .append(t.jsonFieldNames().contains(DISABLED_FIELD))
          .append(",\n");
      ts.append("  },\n");
    }
    ts.append("};\n\n");
    ts.append(
        """
        /** The id of the component a node is an instance of; null for a branch end. */
        export function componentIdOf(node: NodeJson): string | null {
          switch (node.type) {
        """);
    Map<String, List<String>> ids = new LinkedHashMap<>();
    for (NodeType t : NodeType.values()) {
      if (t.namesItsComponent()) {
        ids.computeIfAbsent(access(t, t.componentIdPath()), v -> new ArrayList<>()).add(t.json());
      } else {
        t.flowComponentId()
            .ifPresent(id -> ids.computeIfAbsent(quote(id), v -> new ArrayList<>()).add(t.json()));
      }
    }
    cases(ts, ids);
    ts.append(
        """
            default:
              return null;
          }
        }

        /** The parameters a node gives the component it names; null for the control-flow types. */
        export function parametersOf(node: NodeJson): ParameterJson[] | null {
          switch (node.type) {
        """);
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    for (NodeType t : NodeType.values()) {
      if (!t.parametersPath().isEmpty()) {
        parameters
            .computeIfAbsent(access(t, t.parametersPath()), v -> new ArrayList<>())
            .add(t.json());
      }
    }
    cases(ts, parameters);
    ts.append(
        """
            default:
              return null;
          }
        }
        """);
    return ts.toString();
  }

  /** {@code case "A": case "B": return value;} for each value and the types that return it. */
  private static void cases(StringBuilder ts, Map<String, List<String>> typesByValue) {
    typesByValue.forEach(
        (value, types) -> {
          types.forEach(t -> ts.append("    case ").append(quote(t)).append(":\n"));
          ts.append("      return ").append(value).append(";\n");
        });
  }

  private static String interfaceName(NodeType t) {
    return t.json() + "Json";
  }

  /** {@code node.ref.typ}; {@code ?? null} when the field may be missing. */
  private static String access(NodeType t, List<String> path) {
    boolean optional =
        t.fields().stream().anyMatch(f -> f.name().equals(path.get(0)) && f.optional());
    return "node." + String.join(".", path) + (optional ? " ?? null" : "");
  }

  private static String tsType(NodeType.Shape shape) {
    return switch (shape) {
      case TEXT -> "string";
      case BOOLEAN -> "boolean";
      case EXPRESSION -> "ExpressionJson";
      case REF -> "RefJson";
      case SERVICE -> "ServiceJson";
      case PARAMETERS -> "ParameterJson[]";
      case BRANCH_PARAMETERS -> "BranchParametersJson[]";
      case RECORD_FIELDS -> "RecordFieldJson[]";
      case NODES -> "NodeJson[]";
      case BRANCHES -> "NodeJson[][]";
      case CASES -> "CaseJson[]";
      case BRANCH_END_DEFINITION -> "BranchEndDefinitionJson";
    };
  }

  private static String array(List<String> items) {
    return items.stream().map(UiNodeTypes::quote).collect(Collectors.joining(", ", "[", "]"));
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
