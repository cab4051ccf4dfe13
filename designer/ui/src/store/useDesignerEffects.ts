// What the designer does on its own, beside the analyst's actions: validating changes, recording
// undo history, polling a running deployment, moving the viewport once the canvas has drawn, and
// the keyboard shortcuts.
import { useEffect, useRef } from "react";
import { useReactFlow } from "@xyflow/react";
import { FIT_VIEW } from "../layout";
import type { WalnutEdge, WalnutNode } from "../model";
import { useDesigner } from "./designerStore";
import { liveOf, treeKeyOf, treeOf } from "./selectors";


export function useDesignerEffects() {
  // the instance changes once the canvas is mounted; effects read the latest, not re-run
  const instance = useReactFlow<WalnutNode, WalnutEdge>();
  const flow = useRef(instance);
  flow.current = instance;
  const tree = useDesigner(treeOf);
  const treeKey = useDesigner(treeKeyOf);
  const current = useDesigner((s) => s.current);
  const live = useDesigner(liveOf);
  const viewRequest = useDesigner((s) => s.viewRequest);

  useEffect(() => useDesigner.getState().start(), []);

  // undo/redo: a snapshot whenever the scenario (not just the layout) changes
  useEffect(() => {
    if (!tree) return;
    useDesigner.getState().recordSnapshot(treeKey);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [treeKey]);

  // validate on every change (debounced); opening a scenario validates it at once
  useEffect(() => {
    const s = useDesigner.getState();
    if (!tree || treeKey === s.validationRequestKey) return;
    const t = setTimeout(() => s.validate(tree, treeKey), 250);
    return () => clearTimeout(t);
  }, [tree, treeKey]);

  // while deployed: job status and counts on the nodes, refreshed live
  useEffect(() => {
    if (!current || !live) return;
    const t = setInterval(() => useDesigner.getState().refreshLive(), 2000);
    return () => clearInterval(t);
  }, [current, live]);

  // after the canvas has drawn a newly opened scenario or comparison
  useEffect(() => {
    if (!viewRequest) return;
    setTimeout(() => {
      if (viewRequest.kind === "fit") flow.current.fitView(FIT_VIEW);
      else flow.current.setViewport({ x: 0, y: 0, zoom: 1 });
    }, 50);
  }, [viewRequest]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = useDesigner.getState();
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key === "s") {
        e.preventDefault();
        s.save();
        return;
      }
      // inside a text field its own undo, clipboard and keys apply
      const t = e.target as HTMLElement;
      if (t.closest("input, textarea, select, [contenteditable=true], .cm-editor")) return;
      const key = e.key.toLowerCase();
      if (!mod && !e.altKey) {
        if (e.key === "Escape") {
          if (s.showShortcuts) s.hideShortcuts();
          else if (s.compareView) s.closeCompare();
          else s.clearSelection();
        } else if (e.key === "?") s.toggleShortcuts();
        else if (key === "f" && s.current) flow.current.fitView(FIT_VIEW);
        else return;
        e.preventDefault();
        return;
      }
      // a comparison is read-only
      if (!mod || s.compareView || !s.current) return;
      if (key === "z" && !e.shiftKey) s.undo();
      else if ((key === "z" && e.shiftKey) || key === "y") s.redo();
      else if (key === "c") s.copy();
      else if (key === "v") s.paste();
      else if (key === "d") s.duplicate();
      else if (key === "a") s.selectAll();
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
