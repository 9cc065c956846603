// The desktop app: Home (or the Past classes screen) until a class is
// running, then the class (ClassScreen.tsx). The browser build's student
// page is WebApp.tsx.

import { I18n, useSay } from "./i18n/I18n";
import { useClassroom } from "./state/useClassroom";
import { useDiscovery, useRecentClasses } from "./state/useDiscovery";
import { joinStatus } from "./state/view";
import { historyView, homeHistory } from "./state/pastClasses";
import { updatePrompt, updateSetting } from "./state/updates";
import { useUpdates } from "./state/useUpdates";
import { ClassScreen } from "./ClassScreen";
import { Home } from "./components/Home";
import { PastClasses } from "./components/PastClasses";
import { UpdatePrompt, UpdateSetting } from "./components/UpdatePrompt";

/** The app in the user's language (see i18n/). */
export function App() {
  return (
    <I18n>
      <ClassroomApp />
    </I18n>
  );
}

function ClassroomApp() {
  const { state, actions, now } = useClassroom();
  const say = useSay();
  // Classes are looked for only while the join screen is open and idle;
  // joining or starting a class (or the Past classes screen) stops the search.
  const joinScreen = state.phase === "home" && !state.history.open;
  const discovery = useDiscovery(joinScreen);
  const recent = useRecentClasses(joinScreen);
  // Updates are looked for on Home only, never once a class is opening.
  const updates = useUpdates(state.phase === "home");

  if (state.phase !== "inClass" && state.history.open) {
    return (
      <PastClasses
        view={historyView(state.history)}
        onBack={() => actions.showPastClasses(false)}
        onReload={() => void actions.loadPastClasses()}
        onResume={(row) => void actions.resumeClass(row)}
        onExport={(id, format) => void actions.exportClass(id, format)}
        onDelete={actions.deleteClass}
        onRetention={(days) => void actions.setRetention(days)}
        onStartFresh={() => void actions.startFresh()}
      />
    );
  }

  if (state.phase !== "inClass") {
    const setting = updateSetting(updates.state);
    return (
      <Home
        busy={state.phase === "starting" ? "host" : state.phase === "joining" ? "join" : null}
        error={state.homeError && { ...state.homeError, message: say(state.homeError.message) ?? "" }}
        joinDraft={state.joinDraft}
        joinStatus={say(joinStatus(state))}
        discovery={discovery}
        recent={recent}
        history={homeHistory(state.history)}
        onStart={(request) => void actions.startClass(request)}
        onResume={(last) => void actions.resumeClass(last)}
        onShowPastClasses={() => actions.showPastClasses(true)}
        onStartFresh={() => void actions.startFresh()}
        onJoin={(request) => void actions.joinClass(request)}
        onCancelJoin={() => void actions.cancelJoin()}
        update={
          <UpdatePrompt prompt={updatePrompt(updates.state)} onInstall={updates.install} onDismiss={updates.dismiss} />
        }
        footer={setting && <UpdateSetting setting={setting} onChange={updates.setCheck} />}
      />
    );
  }

  return <ClassScreen state={state} actions={actions} now={now} />;
}
