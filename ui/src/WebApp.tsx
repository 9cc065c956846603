// The browser build's page (ui/web/): a student who opened the teacher's
// hub in a web browser. The join form for this class (WebJoin) until they
// are in, then the class, as in the desktop app (ClassScreen). The api
// behind it is ./api/web.ts (the web build swaps it in); there is no
// hosting, no list of classes, no class history and no updates here.
// Unread messages count in the page's title, as a tab shows it: "(3) Classroom".
// On a phone the chat takes the whole screen and keeps above the on-screen
// keyboard (ChatPopup.css, visualViewport.ts).
//
// The class screen is a file of its own, fetched once the join form is on
// screen: a phone paints the form from a smaller first load, and the class
// is there by the time the student has typed their name.

import { Suspense, lazy, useEffect } from "react";
import { WebJoin } from "./components/WebJoin";
import { I18n, useSay } from "./i18n/I18n";
import { useClassroom } from "./state/useClassroom";
import { joinStatus } from "./state/view";
import { useVisualViewport } from "./visualViewport";

const loadClassScreen = () => import("./ClassScreen");
const ClassScreen = lazy(() => loadClassScreen().then((module) => ({ default: module.ClassScreen })));

/** The page's title with the unread count in front, when there is one. */
export function titleWithUnread(title: string, unread: number): string {
  return unread > 0 ? `(${unread}) ${title}` : title;
}

/** The student's page in the user's language (see i18n/). */
export function WebApp() {
  // The on-screen keyboard where it covers the page (iOS): see visualViewport.ts.
  useVisualViewport();
  return (
    <I18n>
      <StudentPage />
    </I18n>
  );
}

function StudentPage() {
  const { state, actions, now } = useClassroom();
  const say = useSay();

  const inClass = state.phase === "inClass";
  const unread = inClass ? state.unread : 0;
  useUnreadTitle(unread);
  useTopOfNewScreen(inClass);
  useEffect(() => {
    // Fetched while the student types; a failure is retried by `lazy` on join.
    loadClassScreen().catch(() => {});
  }, []);

  if (!inClass) {
    return (
      <WebJoin
        busy={state.phase === "joining"}
        error={state.homeError && { ...state.homeError, message: say(state.homeError.message) ?? "" }}
        draft={state.joinDraft}
        status={say(joinStatus(state))}
        onJoin={(request) => void actions.joinClass(request)}
        onCancel={() => void actions.cancelJoin()}
      />
    );
  }
  return (
    <Suspense fallback={null}>
      <ClassScreen state={state} actions={actions} now={now} />
    </Suspense>
  );
}

/** Shows the class from its top once in: on a phone the join form was scrolled down to its fields. */
function useTopOfNewScreen(inClass: boolean): void {
  useEffect(() => {
    if (inClass) (document.scrollingElement ?? document.documentElement).scrollTop = 0;
  }, [inClass]);
}

/** Keeps the unread count in the page's title (the title the page was served with otherwise). */
function useUnreadTitle(unread: number): void {
  useEffect(() => {
    const title = document.title;
    document.title = titleWithUnread(title, unread);
    return () => {
      document.title = title;
    };
  }, [unread]);
}
