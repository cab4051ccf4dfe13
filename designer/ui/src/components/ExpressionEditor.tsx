// The expression editor: CodeMirror 6 with SpEL highlighting and completion of the variables (and
// their fields) the server reports as visible at the node.
import { useEffect, useRef } from "react";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, placeholder as placeholderExt } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import {
  autocompletion,
  closeBrackets,
  completionKeymap,
  type CompletionContext,
  type CompletionResult,
} from "@codemirror/autocomplete";
import { HighlightStyle, StreamLanguage, syntaxHighlighting } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import type { TypeInfo } from "../api";

const KEYWORDS = new Set(["and", "or", "not", "true", "false", "null", "instanceof", "matches", "between", "new", "T"]);

const spel = StreamLanguage.define<null>({
  name: "spel",
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.match(/^'(?:[^']|'')*'?/)) return "string";
    if (stream.match(/^#[A-Za-z_][A-Za-z0-9_]*/)) return "variableName";
    if (stream.match(/^-?\d+(\.\d+)?[LlDdFf]?/)) return "number";
    if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*/)) {
      return KEYWORDS.has(stream.current()) ? "keyword" : "propertyName";
    }
    if (stream.match(/^(==|!=|<=|>=|&&|\|\||\?:|\?\.|[-+*/%<>!?:.,])/)) return "operator";
    stream.next();
    return null;
  },
});

const highlight = HighlightStyle.define([
  { tag: tags.string, color: "#0a7b34" },
  { tag: tags.variableName, color: "#6f42c1", fontWeight: "600" },
  { tag: tags.number, color: "#b35900" },
  { tag: tags.keyword, color: "#005cc5" },
  { tag: tags.operator, color: "#6a737d" },
]);

/** Completes `#var` and `#var.field.sub` from the variables visible at the node. */
function completions(getVars: () => Record<string, TypeInfo>) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const word = ctx.matchBefore(/#[A-Za-z0-9_.]*/);
    if (!word || (word.from === word.to && !ctx.explicit)) return null;
    const path = word.text.slice(1).split(".");
    const vars = getVars();
    if (path.length === 1) {
      return {
        from: word.from,
        options: Object.entries(vars).map(([name, t]) => ({ label: `#${name}`, detail: t.type, type: "variable" })),
      };
    }
    let t: TypeInfo | undefined = vars[path[0]];
    for (const f of path.slice(1, -1)) t = t?.fields?.[f];
    if (!t?.fields) return null;
    const from = word.to - path[path.length - 1].length;
    return {
      from,
      options: Object.entries(t.fields).map(([name, ft]) => ({ label: name, detail: ft.type, type: "property" })),
    };
  };
}

export function ExpressionEditor(props: {
  testId: string;
  value: string;
  onChange: (v: string) => void;
  variables: Record<string, TypeInfo>;
  placeholder?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChange = useRef(props.onChange);
  const vars = useRef(props.variables);
  onChange.current = props.onChange;
  vars.current = props.variables;

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          history(),
          closeBrackets(),
          spel,
          syntaxHighlighting(highlight),
          autocompletion({ override: [completions(() => vars.current)], activateOnTyping: true }),
          keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap]),
          EditorView.lineWrapping,
          placeholderExt(props.placeholder ?? ""),
          EditorView.contentAttributes.of({ "data-testid": props.testId, "aria-label": props.testId }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChange.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => v.destroy();
    // the editor is created once; later value changes are applied below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== props.value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: props.value } });
    }
  }, [props.value]);

  return <div className="expr-editor" ref={host} />;
}
