import { useEffect, useRef } from "react";
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from "@xyflow/react";
import type { NodeTypeName } from "../generated/nodeTypes";
import { componentIdOf, hasInput, isDisabled, outputsOf, type WalnutNode } from "../model";

const ICONS: Record<Exclude<NodeTypeName, "BranchEndData">, string> = {
  Source: "▶",
  Sink: "■",
  Filter: "▽",
  Switch: "◇",
  Split: "⋔",
  Variable: "x",
  VariableBuilder: "{}",
  Enricher: "+",
  Processor: "+",
  CustomNode: "⚙",
  Join: "⋈",
};

export function WalnutNodeView({ id, data, selected }: NodeProps<WalnutNode>) {
  const raw = data.raw;
  const errors = data.errors ?? 0;
  const counts = data.counts;
  const outputs = outputsOf(raw);
  const handles = outputs.map(([h]) => h).join(" ");
  const updateNodeInternals = useUpdateNodeInternals();
  // React Flow measures handles once: a Switch that gains or loses a case must be measured again
  // (not on mount: React Flow measures new nodes itself, and 100 extra updates slow opening down)
  const measured = useRef(handles);
  useEffect(() => {
    if (measured.current === handles) return;
    measured.current = handles;
    updateNodeInternals(id);
  }, [handles, id, updateNodeInternals]);
  const diff = data.diff;
  const disabled = isDisabled(raw);
  const caseCheck = data.caseCheck;
  return (
    <div
      className={`wnode wnode-${raw.type}${errors ? " wnode-error" : ""}${selected ? " wnode-selected" : ""}${
        disabled ? " wnode-disabled" : ""
      }${
        diff ? ` wnode-diff wnode-diff-${diff}` : ""
      }${caseCheck ? (caseCheck.passed ? " wnode-case-pass" : " wnode-case-fail") : ""}`}
      data-testid={`node-${id}`}
      data-diff={diff}
      data-disabled={disabled || undefined}
      title={
        errors
          ? `${errors} ${errors === 1 ? "error" : "errors"}`
          : diff
            ? `${diff} in the newer version`
            : disabled
              ? "disabled: records pass through unchanged"
              : undefined
      }
    >
      {diff && <span className={`wnode-diff-tag wnode-diff-tag-${diff}`}>{diff}</span>}
      {disabled && !diff && <span className="wnode-disabled-tag">disabled</span>}
      {caseCheck && !diff && (
        <span
          className={`wnode-case-tag ${caseCheck.passed ? "pass" : "fail"}`}
          data-testid={`case-mark-${id}`}
          data-case={caseCheck.passed ? "pass" : "fail"}
          title={caseCheck.passed ? "every test-case check of this node passed" : caseCheck.messages.join("\n")}
        >
          {caseCheck.passed ? "✓ cases" : "✗ cases"}
        </span>
      )}
      {hasInput(raw) && <Handle type="target" position={Position.Top} id="in" />}
      <div className="wnode-title">
        <span className="wnode-icon">{ICONS[raw.type] ?? "•"}</span>
        <span className="wnode-id">{id}</span>
        {errors > 0 && <span className="wnode-badge">{errors}</span>}
      </div>
      <div className="wnode-sub">{componentIdOf(raw) ?? raw.type}</div>
      {counts && (
        <div className={`wnode-counts wnode-counts-${data.countsSource}`} data-testid={`counts-${id}`} data-source={data.countsSource}>
          {data.countsSource === "live" ? "● " : ""}in {counts.in} · out {counts.out}
        </div>
      )}
      {outputs.map(([handle, label], i) => (
        <Handle
          key={handle}
          type="source"
          position={Position.Bottom}
          id={handle}
          style={{ left: `${((i + 1) * 100) / (outputs.length + 1)}%` }}
          data-testid={`handle-${id}-${handle}`}
        >
          {label && <span className="handle-label">{label}</span>}
        </Handle>
      ))}
    </div>
  );
}
