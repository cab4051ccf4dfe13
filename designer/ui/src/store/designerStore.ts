// The designer's one store (zustand, as React Flow's own examples keep theirs): the state of the
// open scenario and the canvas, changed only through the named actions of its two slices.
import { create, type StateCreator } from "zustand";
import { createGraphSlice, type GraphSlice } from "./graphSlice";
import { createScenarioSlice, type ScenarioSlice } from "./scenarioSlice";

export type DesignerState = GraphSlice & ScenarioSlice;

/** A part of the store: its state and actions, which may read and change the whole of it. */
export type Slice<T> = StateCreator<DesignerState, [], [], T>;

export const useDesigner = create<DesignerState>()((...a) => ({
  ...createGraphSlice(...a),
  ...createScenarioSlice(...a),
}));
