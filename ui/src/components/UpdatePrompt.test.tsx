// The update prompt and its setting: on their own, and in the app against a
// mocked ui/src/api (looked for on Home only, never mid-class; quiet unless
// the teacher acts).

import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { App } from "../App";
import { text } from "../i18n";
import { I18n } from "../i18n/I18n";
import type { UpdatePromptView, UpdateSettingView } from "../state/updates";
import { UpdatePrompt, UpdateSetting } from "./UpdatePrompt";

vi.mock("../api", async (original) => (await import("../test/apiMock")).apiMock(await original()));

const mocked = vi.mocked(api);

beforeEach(() => {
  vi.resetAllMocks();
});

const offer: UpdatePromptView = { version: "1.3.0", notes: "Polls during class.", installing: false, error: null };

function prompt(view: UpdatePromptView | null, locale: "en" | "es" = "en") {
  const onInstall = vi.fn();
  const onDismiss = vi.fn();
  render(
    <I18n locale={locale}>
      <UpdatePrompt prompt={view} onInstall={onInstall} onDismiss={onDismiss} />
    </I18n>,
  );
  return { onInstall, onDismiss };
}

describe("UpdatePrompt", () => {
  it("says which version is available, with Install and restart and Not now", async () => {
    const user = userEvent.setup();
    const { onInstall, onDismiss } = prompt(offer);
    const region = screen.getByRole("region", { name: "Classroom 1.3.0 is available" });
    await user.click(within(region).getByRole("button", { name: "Install and restart" }));
    expect(onInstall).toHaveBeenCalledOnce();
    await user.click(within(region).getByRole("button", { name: "Not now" }));
    expect(onDismiss).toHaveBeenCalledOnce();
    // The release's notes are behind a disclosure.
    expect(within(region).getByText("What's new")).toBeInTheDocument();
    expect(within(region).getByText("Polls during class.")).not.toBeVisible();
  });

  it("renders only its empty live region when nothing is offered", () => {
    const { container } = render(
      <I18n locale="en">
        <UpdatePrompt prompt={null} onInstall={vi.fn()} onDismiss={vi.fn()} />
      </I18n>,
    );
    expect(screen.queryByRole("region")).toBeNull();
    expect(screen.queryByRole("button")).toBeNull();
    expect(container.querySelector("[aria-live=polite]")).toBeEmptyDOMElement();
  });

  it("says it is installing, with both buttons waiting", () => {
    prompt({ ...offer, installing: true });
    expect(screen.getByRole("status")).toHaveTextContent(
      "Downloading and installing Classroom 1.3.0… The app restarts when it is done.",
    );
    expect(screen.getByRole("button", { name: "Install and restart" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Not now" })).toBeDisabled();
  });

  it("says why installing failed", () => {
    prompt({ ...offer, error: text("error.updateSignatureInvalid") });
    expect(screen.getByRole("alert")).toHaveTextContent(
      "The downloaded update is not signed by Classroom's publisher, so it was not installed.",
    );
    expect(screen.getByRole("button", { name: "Install and restart" })).toBeEnabled();
  });

  it("speaks Spanish", () => {
    prompt(offer, "es");
    expect(screen.getByRole("region", { name: "Classroom 1.3.0 está disponible" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Instalar y reiniciar" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Ahora no" })).toBeInTheDocument();
  });
});

describe("UpdateSetting", () => {
  const box: UpdateSettingView = { checked: true, disabled: false, note: null, saving: false, error: null };

  function setting(view: UpdateSettingView | null) {
    const onChange = vi.fn();
    render(
      <I18n locale="en">
        <UpdateSetting setting={view} onChange={onChange} />
      </I18n>,
    );
    return onChange;
  }

  it("is a checkbox the teacher can untick", async () => {
    const user = userEvent.setup();
    const onChange = setting(box);
    const checkbox = screen.getByRole("checkbox", { name: "Check for updates" });
    expect(checkbox).toBeChecked();
    await user.click(checkbox);
    expect(onChange).toHaveBeenCalledWith(false);
  });

  it("is locked, and says why, when the administrator turned checks off", () => {
    setting({ ...box, checked: false, disabled: true, note: text("home.updateLockedAdministrator") });
    const checkbox = screen.getByRole("checkbox", { name: "Check for updates" });
    expect(checkbox).toBeDisabled();
    expect(checkbox).not.toBeChecked();
    expect(checkbox).toHaveAccessibleDescription("Turned off by your administrator.");
  });

  it("is not there in a build that cannot update itself", () => {
    setting(null);
    expect(screen.queryByRole("checkbox")).toBeNull();
  });
});

describe("updates on Home", () => {
  const release: api.UpdateInfo = { version: "1.3.0", notes: null, date: "2026-12-01T10:00:00Z" };

  function releaseBuild(settings: Partial<api.UpdateSettings> = {}) {
    mocked.updateSettings.mockResolvedValue({ available: true, check: true, locked: null, ...settings });
  }

  it("offers a newer version found, without ever saying it is checking", async () => {
    releaseBuild();
    mocked.checkUpdate.mockResolvedValue(release);
    render(<App />);
    expect(screen.queryByText(/checking/i)).toBeNull();
    const region = await screen.findByRole("region", { name: "Classroom 1.3.0 is available" });
    expect(within(region).queryByText("What's new")).toBeNull();
    expect(mocked.checkUpdate).toHaveBeenCalledOnce();
  });

  it("shows nothing when up to date, nor when the server cannot be reached", async () => {
    releaseBuild();
    mocked.checkUpdate.mockResolvedValueOnce(null);
    const { unmount } = render(<App />);
    await waitFor(() => expect(mocked.checkUpdate).toHaveBeenCalled());
    expect(screen.queryByRole("button", { name: "Install and restart" })).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
    unmount();

    mocked.checkUpdate.mockRejectedValueOnce(
      new api.CommandError({ kind: "io", message: "Cannot look for updates (offline).", code: "updateCheckFailed" }),
    );
    render(<App />);
    await waitFor(() => expect(mocked.checkUpdate).toHaveBeenCalledTimes(2));
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("installs on Install and restart, and says why when the update is refused", async () => {
    const user = userEvent.setup();
    releaseBuild();
    mocked.checkUpdate.mockResolvedValue(release);
    mocked.installUpdate.mockRejectedValueOnce(
      new api.CommandError({
        kind: "io",
        message: "The downloaded update is not signed by Classroom's publisher, so it was not installed.",
        code: "updateSignatureInvalid",
        params: {},
      }),
    );
    render(<App />);
    await user.click(await screen.findByRole("button", { name: "Install and restart" }));
    expect(mocked.installUpdate).toHaveBeenCalledOnce();
    expect(await screen.findByRole("alert")).toHaveTextContent("not signed by Classroom's publisher");
  });

  it("goes away on Not now and keeps the focus in place", async () => {
    const user = userEvent.setup();
    releaseBuild();
    mocked.checkUpdate.mockResolvedValue(release);
    const { container } = render(<App />);
    await user.click(await screen.findByRole("button", { name: "Not now" }));
    expect(screen.queryByRole("region", { name: /is available/ })).toBeNull();
    expect(document.activeElement).toBe(container.querySelector(".update-region"));
    await user.tab();
    expect(document.activeElement).toBe(screen.getByLabelText("Class name"));
  });

  it("never looks during a class", async () => {
    releaseBuild();
    mocked.checkUpdate.mockResolvedValue(release);
    mocked.startup.mockResolvedValueOnce({ host: { class: "Physics 101", teacher: "Mrs. Núñez" }, join: null });
    render(<App />);
    await screen.findByRole("button", { name: "End class" });
    await waitFor(() => expect(mocked.updateSettings).toHaveBeenCalled());
    expect(mocked.checkUpdate).not.toHaveBeenCalled();
  });

  it("has a Check for updates box in the footer, kept through the shell", async () => {
    const user = userEvent.setup();
    releaseBuild();
    mocked.checkUpdate.mockResolvedValue(release);
    mocked.setUpdateCheck.mockResolvedValueOnce({ available: true, check: false, locked: null });
    render(<App />);
    await screen.findByRole("button", { name: "Install and restart" });
    await user.click(screen.getByRole("checkbox", { name: "Check for updates" }));
    expect(mocked.setUpdateCheck).toHaveBeenCalledWith(false);
    await waitFor(() => expect(screen.getByRole("checkbox", { name: "Check for updates" })).not.toBeChecked());
    expect(screen.queryByRole("button", { name: "Install and restart" })).toBeNull();
  });

  it("neither looks nor shows a box in a build that cannot update itself", async () => {
    render(<App />);
    await waitFor(() => expect(mocked.updateSettings).toHaveBeenCalled());
    expect(mocked.checkUpdate).not.toHaveBeenCalled();
    expect(screen.queryByRole("checkbox", { name: "Check for updates" })).toBeNull();
  });
});
