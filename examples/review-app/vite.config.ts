import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Relative asset paths, so the built app works from any directory a static server puts it in.
export default defineConfig({
  base: "./",
  plugins: [react()],
  build: { outDir: process.env.REVIEW_APP_OUT_DIR ?? "dist", emptyOutDir: true },
});
