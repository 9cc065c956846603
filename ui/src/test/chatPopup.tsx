// The chat panel for component tests: ChatPopup rendered as the class
// screens have it (in a language, inside a landmark), open on the Chat tab
// with nothing in it unless `overrides` says otherwise, every handler a
// vi.fn. `props` is what it was rendered with, for the handlers:
//   const { props, rerender } = renderChatPopup({ messages: [line(1)] });
//   expect(props.onSend).toHaveBeenCalled();
//   rerender({ pinned: null });

import { render } from "@testing-library/react";
import { useState } from "react";
import { vi } from "vitest";
import { ChatPopup, type ChatPopupProps } from "../components/ChatPopup";
import type { Locale } from "../i18n";
import { I18n } from "../i18n/I18n";
import { type MessageActionsLookup, type MessageActionsView, NO_ACTIONS } from "../state/messageEditsView";
import type { ReactionsLookup, ReactionsView } from "../state/reactionsView";

/**
 * Lines' actions given by key, as the lookup the list asks
 * (`messageActions`' shape): a line not named has none.
 *   renderChatPopup({ messages: [line(1)], messageActions: actionsByKey({ "m:1": DELETE }) });
 */
export function actionsByKey(byKey: Readonly<Record<string, MessageActionsView>>): MessageActionsLookup {
  return (message) => byKey[message.key] ?? NO_ACTIONS;
}

/** Lines' reactions given by key, as the lookup the list asks (`messageReactions`' shape): a line not named has none. */
export function reactionsByKey(byKey: Readonly<Record<string, ReactionsView>>): ReactionsLookup {
  return (message) => byKey[message.key];
}

function defaults() {
  return {
    open: true,
    tab: "chat",
    unread: 0,
    atBottom: true,
    title: "Physics 101",
    messages: [],
    earlier: null,
    participants: [],
    offlineStudents: 0,
    typingText: null,
    maxChars: 2000,
    disabledReason: null,
    notice: null,
    announcement: null,
    onToggle: vi.fn(),
    onSelectTab: vi.fn(),
    onScrolled: vi.fn(),
    onLoadEarlier: vi.fn(),
    onSend: vi.fn(),
    onTyped: vi.fn(),
    onRemove: vi.fn(),
    onRemoveOffline: vi.fn(),
    // What a line's buttons call; whether they show is up to the views.
    onDeleteMessage: vi.fn(),
    onPinMessage: vi.fn(),
    onReact: vi.fn(),
  } satisfies ChatPopupProps;
}

type Defaults = ReturnType<typeof defaults>;

export interface RenderChatPopupOptions {
  /** The language it is in: English unless said. */
  locale?: Locale;
  /**
   * Keep `open` and `tab` here, starting from the props', as the app's
   * reducer does: `onToggle` and `onSelectTab` change them (and are still
   * called). Otherwise they stay as the props say.
   */
  keepState?: boolean;
}

/** ChatPopup with its open/tab state kept here. */
function StatefulChatPopup(props: ChatPopupProps) {
  const [open, setOpen] = useState(props.open);
  const [tab, setTab] = useState(props.tab);
  return (
    <ChatPopup
      {...props}
      open={open}
      tab={tab}
      onToggle={(next) => {
        setOpen(next);
        props.onToggle(next);
      }}
      onSelectTab={(next) => {
        setTab(next);
        props.onSelectTab(next);
      }}
    />
  );
}

export function renderChatPopup<O extends Partial<ChatPopupProps> = object>(
  overrides: O = {} as O,
  { locale = "en", keepState = false }: RenderChatPopupOptions = {},
) {
  const props = { ...defaults(), ...overrides } as Omit<Defaults, keyof O> & O & ChatPopupProps;
  const Popup = keepState ? StatefulChatPopup : ChatPopup;
  const ui = (more: Partial<ChatPopupProps>) => (
    <I18n locale={locale}>
      <main>
        <Popup {...props} {...more} />
      </main>
    </I18n>
  );
  const result = render(ui({}));
  return {
    ...result,
    props,
    /** Renders it again with `more` over the props it was first rendered with (kept state stays). */
    rerender: (more: Partial<ChatPopupProps> = {}) => result.rerender(ui(more)),
  };
}
