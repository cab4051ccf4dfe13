import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Built into the Maven module's classes so the designer jar serves it (see designer/pom.xml).
export default defineConfig({
  plugins: [react()],
  base: "./",
  build: {
    outDir: "../target/classes/designer-ui",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
});
