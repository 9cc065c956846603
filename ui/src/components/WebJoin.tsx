// The browser build's first screen: the student's join form for the class
// this page came from. The class is fixed (the hub that served the page,
// shown by its address); the student types a name and the class code, which
// a link may have filled in. Made of Home's parts and words, one card.

import { useState } from "react";
import type { JoinRequest } from "../api";
import { useSay, useT } from "../i18n/I18n";
import type { HomeError } from "../state/classroom";
import { type FieldErrors, trimmedJoin, validateJoin } from "../state/forms";
import { Card, JoinActions, LanguageChooser, NameAndCode, shownErrors, useFieldFocus, withoutField } from "./Home";
import { LogoMark } from "./icons";
import "./Home.css";
import "./WebJoin.css";

export interface WebJoinProps {
  /** Waiting for the class to let us in. */
  busy: boolean;
  error: HomeError | null;
  /** What the form starts with: this hub's address, the name and code last used or from the link. */
  draft: JoinRequest | null;
  /** Progress of a join that has not got in yet. */
  status: string | null;
  onJoin(request: JoinRequest): void;
  onCancel(): void;
}

type Form = Pick<JoinRequest, "name" | "code">;

export function WebJoin({ busy, error, draft, status, onJoin, onCancel }: WebJoinProps) {
  const t = useT();
  const words = useSay();
  const [form, setForm] = useState<Form>(() => formOf(draft));
  // A new draft (the prefill arriving after the first paint, the attempt
  // just made) fills the form in.
  const [shownDraft, setShownDraft] = useState(draft);
  if (draft !== shownDraft) {
    setShownDraft(draft);
    if (draft) setForm(formOf(draft));
  }
  const [checked, setChecked] = useState<FieldErrors>({});
  const errors = shownErrors(checked, words);
  const field = error?.field;
  // The hub's verdict on a field holds until that field is changed.
  if ((field === "name" || field === "code") && form[field].trim() === draft?.[field]) {
    errors[field] = error?.message;
  }
  const { ref, focusFirst } = useFieldFocus(["name", "code"], error);
  const address = draft?.address ?? "";
  const update = (key: keyof Form, value: string) => {
    setForm({ ...form, [key]: value });
    setChecked(withoutField(checked, key));
  };
  const request: JoinRequest = { address, ...form };

  return (
    <div className="home web-join">
      <header className="home__header">
        <LogoMark className="home__logo" />
        <div className="home__heading">
          <h1 className="home__title">{t("home.title")}</h1>
          <p className="home__tagline">{t("home.tagline")}</p>
        </div>
        <LanguageChooser />
      </header>
      <main className="home__cards">
        <Card
          title={t("home.joinTitle")}
          description={t("home.webJoinDescription")}
          onSubmit={() => {
            const problems = validateJoin(request);
            // The class is this page's: there is no address to get wrong.
            delete problems.address;
            setChecked(problems);
            if (Object.keys(problems).length === 0) onJoin(trimmedJoin(request));
            else focusFirst(problems);
          }}
        >
          {address ? (
            <p className="web-join__class">
              {t("home.webClassAt", { address })}
            </p>
          ) : null}
          <NameAndCode form={form} errors={errors} disabled={busy} inputRef={ref} onChange={update} />
          <JoinActions
            // No address field here: a problem with the address is the form's.
            error={error && (error.field === null || error.field === "address") ? error.message : null}
            joining={busy}
            status={status}
            disabled={false}
            onCancel={onCancel}
          >
            {t("home.join")}
          </JoinActions>
        </Card>
      </main>
    </div>
  );
}

function formOf(draft: JoinRequest | null): Form {
  return draft ? { name: draft.name, code: draft.code } : { name: "", code: "" };
}
