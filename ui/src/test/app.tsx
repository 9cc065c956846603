// The whole app launched into a running class, for the app-level tests
// (App.test.tsx, Room.test.tsx, ...), against the mocked ui/src/api, which
// the test file must have mocked as apiMock.ts says:
//   const { startAsTeacher, startAsStudent } = launchers({ room: true });
//   await startAsStudent(ev.message(entry(1, teacher, "Hi")));
// `greeting` says what the hub sends on letting someone in, as hubs of
// different versions do; the events come in the shell's order.

import { render, screen, waitFor } from "@testing-library/react";
import { expect, vi } from "vitest";
import * as api from "../api";
import type { AppEvent, HostRequest, Identity, JoinRequest } from "../api";
import { App } from "../App";
import { startingLocale } from "../i18n";
import { CATALOGUES } from "../i18n/catalogues";
import { emit } from "./apiMock";
import { ada, bo, ev, participant, teacher } from "./fixtures";

/** The class the teacher starts (as `--host` asks). */
export const hostRequest: HostRequest = { class: "Physics 101", teacher: teacher.name };

/** Ada joining the class (as `--join` asks). */
export const joinRequest: JoinRequest = { address: "192.168.1.20:4455", name: "Ada", code: "482913" };

/** What the hub sends after its welcome, in this order. */
export interface Greeting {
  /** Who the roster lists, all online: the teacher, Ada and Bo unless said. */
  roster?: Identity[];
  /** The room (open rules, no hands, no one muted, no pin). */
  room?: boolean;
  /** The deleted messages: none. */
  deletedMessages?: boolean;
  /** This user's own reactions: none. */
  myReactions?: boolean;
}

function joined(you: Identity, greeting: Greeting): AppEvent[] {
  const roster = greeting.roster ?? [teacher, ada, bo];
  return [
    ev.connecting(),
    ev.connected(),
    ev.welcome(you),
    ev.roster(...roster.map((who) => participant(who))),
    ...(greeting.room ? [ev.room()] : []),
    ...(greeting.deletedMessages ? [ev.deletedMessages()] : []),
    ...(greeting.myReactions ? [ev.myReactions()] : []),
  ];
}

function mockedApi() {
  if (!vi.isMockFunction(api.startup)) {
    throw new Error('ui/src/api is not mocked: vi.mock it with test/apiMock\'s apiMock (see test/app.tsx)');
  }
  return vi.mocked(api);
}

/** A button's words in the language the app starts in (the one chosen on Home, else the system's). */
function label(id: "class.endClass" | "class.leave"): string {
  return CATALOGUES[startingLocale()][id];
}

/**
 * `startAsTeacher` and `startAsStudent` against a hub that greets with
 * `greeting`; each plays `more` in right after it.
 */
export function launchers(greeting: Greeting = {}) {
  return {
    /** The app launched as the teacher of a running class (as `--host` does), who got in. */
    async startAsTeacher(...more: AppEvent[]): Promise<void> {
      mockedApi().startup.mockResolvedValueOnce({ host: hostRequest, join: null });
      render(<App />);
      await screen.findByRole("button", { name: label("class.endClass") });
      emit(...joined(teacher, greeting), ...more);
    },
    /** The app launched as Ada, a student who got in (as `--join` does). */
    async startAsStudent(...more: AppEvent[]): Promise<void> {
      const mocked = mockedApi();
      mocked.startup.mockResolvedValueOnce({ host: null, join: joinRequest });
      render(<App />);
      await waitFor(() => expect(mocked.joinClass).toHaveBeenCalled());
      emit(...joined(ada, greeting), ...more);
      await screen.findByRole("button", { name: label("class.leave") });
    },
  };
}
