// The browser build's entry (ui/vite.web.config.ts): the student's page,
// served by the teacher's hub at `/`. ui/src/api is ui/src/api/web.ts here.
// Base styles first: component styles that follow may refine them.
import "../src/styles/base.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { WebApp } from "../src/WebApp";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <WebApp />
  </StrictMode>,
);
