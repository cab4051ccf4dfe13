// The designer: a login, then the toolbar, the palette, the canvas and the side panel, all reading
// and changing one store (./store).
import { useState } from "react";
import { ReactFlowProvider } from "@xyflow/react";
import { loggedIn } from "./api";
import { Canvas } from "./components/Canvas";
import { LiveView } from "./components/LiveView";
import { Login } from "./components/Login";
import { MessageBar } from "./components/MessageBar";
import { PalettePanel } from "./components/PalettePanel";
import { SidePanel } from "./components/SidePanel";
import { Toolbar } from "./components/Toolbar";
import { useDesigner } from "./store/designerStore";
import { useDesignerEffects } from "./store/useDesignerEffects";

export function App() {
  const [authed, setAuthed] = useState(loggedIn());
  if (!authed) return <Login onDone={() => setAuthed(true)} />;
  return (
    <ReactFlowProvider>
      <Designer />
    </ReactFlowProvider>
  );
}

function Designer() {
  return (
    <div className="app">
      <DesignerEffects />
      <Toolbar />
      <MessageBar />
      <div className="main">
        <PalettePanel />
        <div className="center">
          <Canvas />
          <LiveDock />
        </div>
        <SidePanel />
      </div>
    </div>
  );
}

/** Runs the designer's own behaviour (see useDesignerEffects) without re-rendering the layout. */
function DesignerEffects() {
  useDesignerEffects();
  return null;
}

/** The live view of the collect sinks, while the analyst has it open. */
function LiveDock() {
  const show = useDesigner((s) => s.showLive);
  return show ? <LiveView /> : null;
}
