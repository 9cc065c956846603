// The frame of both class screens: a top bar with the class and the main
// action, the connection banner and any notice, then the screen's content.

import type { ReactNode } from "react";
import { LogoMark } from "./icons";
import "./ClassLayout.css";

export interface ClassLayoutProps {
  className: string;
  subtitle: string;
  action: ReactNode;
  status: ReactNode;
  children: ReactNode;
  /** Covered by the phone's full-screen chat: out of reach of the keyboard and screen readers. */
  covered?: boolean;
}

export function ClassLayout({ className, subtitle, action, status, children, covered = false }: ClassLayoutProps) {
  return (
    <div className="class-layout" inert={covered}>
      <header className="topbar">
        <LogoMark className="topbar__logo" />
        <div className="topbar__titles">
          <h1 className="topbar__title" dir="auto">
            {className}
          </h1>
          <p className="topbar__subtitle">{subtitle}</p>
        </div>
        {action}
      </header>
      <div className="class-layout__status">{status}</div>
      <main className="class-layout__main">{children}</main>
    </div>
  );
}
