// Generated from the engine's node type table (dev.walnut.engine.scenario.NodeType) by
// dev.walnut.designer.UiNodeTypes: do not edit. UiNodeTypesTest fails while this file
// differs from the table; regenerate from the repository's root with
//   mvn -B -ntp -pl designer test -Dwalnut.ui.skip -Dtest=UiNodeTypesTest -Dwalnut.regenerate

/** A JSON value: what the scenario format holds where the designer models nothing. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** The `type` of a node in the scenario format. */
export type NodeTypeName =
  | "Source"
  | "Sink"
  | "Filter"
  | "Variable"
  | "VariableBuilder"
  | "Enricher"
  | "Processor"
  | "CustomNode"
  | "Join"
  | "Split"
  | "Switch"
  | "BranchEndData";

/** The kinds of component a node is an instance of. */
export type ComponentKind = "source" | "sink" | "enricher" | "custom" | "flow";

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

export interface SourceJson {
  type: "Source";
  id: string;
  additionalFields?: AdditionalFieldsJson | null;
  ref: RefJson;
}

export interface SinkJson {
  type: "Sink";
  id: string;
  additionalFields?: AdditionalFieldsJson | null;
  ref: RefJson;
  endResult?: ExpressionJson | null;
  isDisabled?: boolean | null;
}

export interface FilterJson {
  type: "Filter";
  id: string;
  additionalFields?: AdditionalFieldsJson | null;
  expression: ExpressionJson;
  isDisabled?: boolean | null;
  nextFalse?: NodeJson[] | null;
}

export interface VariableJson {
  type: "Variable";
  id: string;
  additionalFields?: AdditionalFieldsJson | null;
  varName: string;
  value: ExpressionJson;
}

export interface VariableBuilderJson {
  type: "VariableBuilder";
  id: string;
  additionalFields?: AdditionalFieldsJson | null;
  varName: string;
  fields: RecordFieldJson[];
}

export interface EnricherJson {
  type: "Enricher";
  id: string;
  additionalFields?: AdditionalFieldsJson | null;
  service: ServiceJson;
  output: string;
}

export interface ProcessorJson {
  type: "Processor";
  id: string;
  additionalFields?: AdditionalFieldsJson | null;
  service: ServiceJson;
  isDisabled?: boolean | null;
}

export interface CustomNodeJson {
  type: "CustomNode";
  id: string;
  additionalFields?: AdditionalFieldsJson | null;
  outputVar?: string | null;
  nodeType: string;
  parameters: ParameterJson[];
}

export interface JoinJson {
  type: "Join";
  id: string;
  additionalFields?: AdditionalFieldsJson | null;
  outputVar?: string | null;
  nodeType: string;
  parameters?: ParameterJson[] | null;
  branchParameters?: BranchParametersJson[] | null;
}

export interface SplitJson {
  type: "Split";
  id: string;
  additionalFields?: AdditionalFieldsJson | null;
  nexts: NodeJson[][];
}

export interface SwitchJson {
  type: "Switch";
  id: string;
  additionalFields?: AdditionalFieldsJson | null;
  expression?: ExpressionJson | null;
  exprVal?: string | null;
  nexts: CaseJson[];
  defaultNext?: NodeJson[] | null;
}

export interface BranchEndDataJson {
  type: "BranchEndData";
  definition: BranchEndDefinitionJson;
}

/** A node of the scenario format, of any type. */
export type NodeJson =
  | SourceJson
  | SinkJson
  | FilterJson
  | VariableJson
  | VariableBuilderJson
  | EnricherJson
  | ProcessorJson
  | CustomNodeJson
  | JoinJson
  | SplitJson
  | SwitchJson
  | BranchEndDataJson;

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
  Source: {
    componentKind: "source", flowComponentId: null,
    componentIdPath: ["ref", "typ"], parametersPath: ["ref", "parameters"],
    successorFields: [], outputs: ["out"], outputPerCase: false, fansOut: false,
    hasInput: false, startsBranch: true, endsBranch: false, joinsBranches: false,
    disableable: false,
  },
  Sink: {
    componentKind: "sink", flowComponentId: null,
    componentIdPath: ["ref", "typ"], parametersPath: ["ref", "parameters"],
    successorFields: [], outputs: [], outputPerCase: false, fansOut: false,
    hasInput: true, startsBranch: false, endsBranch: true, joinsBranches: false,
    disableable: true,
  },
  Filter: {
    componentKind: "flow", flowComponentId: "filter",
    componentIdPath: [], parametersPath: [],
    successorFields: ["nextFalse"], outputs: ["true", "false"], outputPerCase: false, fansOut: false,
    hasInput: true, startsBranch: false, endsBranch: false, joinsBranches: false,
    disableable: true,
  },
  Variable: {
    componentKind: "flow", flowComponentId: "variable",
    componentIdPath: [], parametersPath: [],
    successorFields: [], outputs: ["out"], outputPerCase: false, fansOut: false,
    hasInput: true, startsBranch: false, endsBranch: false, joinsBranches: false,
    disableable: false,
  },
  VariableBuilder: {
    componentKind: "flow", flowComponentId: "record-variable",
    componentIdPath: [], parametersPath: [],
    successorFields: [], outputs: ["out"], outputPerCase: false, fansOut: false,
    hasInput: true, startsBranch: false, endsBranch: false, joinsBranches: false,
    disableable: false,
  },
  Enricher: {
    componentKind: "enricher", flowComponentId: null,
    componentIdPath: ["service", "id"], parametersPath: ["service", "parameters"],
    successorFields: [], outputs: ["out"], outputPerCase: false, fansOut: false,
    hasInput: true, startsBranch: false, endsBranch: false, joinsBranches: false,
    disableable: false,
  },
  Processor: {
    componentKind: "enricher", flowComponentId: null,
    componentIdPath: ["service", "id"], parametersPath: ["service", "parameters"],
    successorFields: [], outputs: ["out"], outputPerCase: false, fansOut: false,
    hasInput: true, startsBranch: false, endsBranch: false, joinsBranches: false,
    disableable: true,
  },
  CustomNode: {
    componentKind: "custom", flowComponentId: null,
    componentIdPath: ["nodeType"], parametersPath: ["parameters"],
    successorFields: [], outputs: ["out"], outputPerCase: false, fansOut: false,
    hasInput: true, startsBranch: false, endsBranch: false, joinsBranches: false,
    disableable: false,
  },
  Join: {
    componentKind: "custom", flowComponentId: null,
    componentIdPath: ["nodeType"], parametersPath: ["parameters"],
    successorFields: [], outputs: ["out"], outputPerCase: false, fansOut: false,
    hasInput: true, startsBranch: true, endsBranch: false, joinsBranches: true,
    disableable: false,
  },
  Split: {
    componentKind: "flow", flowComponentId: "split",
    componentIdPath: [], parametersPath: [],
    successorFields: ["nexts"], outputs: ["out"], outputPerCase: false, fansOut: true,
    hasInput: true, startsBranch: false, endsBranch: true, joinsBranches: false,
    disableable: false,
  },
  Switch: {
    componentKind: "flow", flowComponentId: "switch",
    componentIdPath: [], parametersPath: [],
    successorFields: ["nexts", "defaultNext"], outputs: ["default"], outputPerCase: true, fansOut: false,
    hasInput: true, startsBranch: false, endsBranch: true, joinsBranches: false,
    disableable: false,
  },
  BranchEndData: {
    componentKind: null, flowComponentId: null,
    componentIdPath: [], parametersPath: [],
    successorFields: [], outputs: [], outputPerCase: false, fansOut: false,
    hasInput: true, startsBranch: false, endsBranch: true, joinsBranches: false,
    disableable: false,
  },
};

/** The id of the component a node is an instance of; null for a branch end. */
export function componentIdOf(node: NodeJson): string | null {
  switch (node.type) {
    case "Source":
    case "Sink":
      return node.ref.typ;
    case "Filter":
      return "filter";
    case "Variable":
      return "variable";
    case "VariableBuilder":
      return "record-variable";
    case "Enricher":
    case "Processor":
      return node.service.id;
    case "CustomNode":
    case "Join":
      return node.nodeType;
    case "Split":
      return "split";
    case "Switch":
      return "switch";
    default:
      return null;
  }
}

/** The parameters a node gives the component it names; null for the control-flow types. */
export function parametersOf(node: NodeJson): ParameterJson[] | null {
  switch (node.type) {
    case "Source":
    case "Sink":
      return node.ref.parameters;
    case "Enricher":
    case "Processor":
      return node.service.parameters;
    case "CustomNode":
      return node.parameters;
    case "Join":
      return node.parameters ?? null;
    default:
      return null;
  }
}
