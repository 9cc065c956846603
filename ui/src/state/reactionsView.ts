// Reactions as each line of the chat shows them, derived from the state
// (state/reactions.ts): a chip for each reaction given (in the fixed order,
// with its count and whether this user gave it), and whether this user may
// react now. Anyone may, the teacher too, while connected (the shell drops
// the intent otherwise) and while the teacher has not turned reactions off;
// then the counts still show, read-only. A removed message shows none.
// Pure: sentences go out as `Text`s.

import { type MessageId, type Text, text } from "../i18n";
import type { ClassroomState } from "./classroom";
import { REACTIONS, type Reaction, type ReactionCounts, reactionsOff } from "./reactions";
import { connected } from "./roomView";
import type { MessageView } from "./view";

/** Each reaction's name, in words (labels, the picker). */
const NAMES: Readonly<Record<Reaction, MessageId>> = {
  "👍": "reactions.thumbsUp",
  "\u2764\uFE0F": "reactions.heart",
  "😂": "reactions.laughing",
  "😮": "reactions.surprised",
  "❓": "reactions.question",
  "✅": "reactions.done",
};

/** A reaction's name in words. */
export function reactionName(emoji: Reaction): Text {
  return text(NAMES[emoji]);
}

/** One reaction given to a message. */
export interface ReactionChipView {
  emoji: Reaction;
  /** How many gave it (at least 1). */
  count: number;
  /** This user gave it (the chip is pressed). */
  mine: boolean;
  /** Its name, for its label ("Thumbs up: 3 reactions, including yours"). */
  name: Text;
}

/** One reaction the picker offers. */
export interface ReactionOptionView {
  emoji: Reaction;
  /** This user gave it already (choosing it takes it back). */
  mine: boolean;
  /** Its name: "Thumbs up". */
  name: Text;
}

export interface ReactionsView {
  /** The reactions given, in the fixed order; empty when none. */
  chips: readonly ReactionChipView[];
  /** This user may react now: the chips toggle, and "Add reaction" shows. */
  canReact: boolean;
  /** The picker's choices, in the fixed order. */
  options: readonly ReactionOptionView[];
}

type Counts = ReactionCounts | undefined;
type Mine = ReadonlySet<string> | undefined;

function makeView(counts: Counts, mine: Mine, canReact: boolean): ReactionsView {
  const chips: ReactionChipView[] = [];
  for (const emoji of REACTIONS) {
    const count = counts?.[emoji] ?? 0;
    if (count > 0) chips.push({ emoji, count, mine: mine?.has(emoji) ?? false, name: reactionName(emoji) });
  }
  const options = REACTIONS.map((emoji) => ({ emoji, mine: mine?.has(emoji) ?? false, name: reactionName(emoji) }));
  return { chips, canReact, options };
}

/** What a line's view would say, as a string: the same string, the same view. */
function signature(counts: Counts, mine: Mine, canReact: boolean): string {
  let said = canReact ? "+" : "-";
  for (const emoji of REACTIONS) {
    const count = counts?.[emoji] ?? 0;
    const yours = mine?.has(emoji) ?? false;
    if (count > 0 || yours) said += `${emoji}${count}${yours ? "*" : ""},`;
  }
  return said;
}

/** The view of every line without reactions while this user may react: one object for all. */
const NONE_YET = makeView(undefined, undefined, true);

/**
 * Views made once per line and kept while they say the same, so that a
 * line whose reactions did not change is not rendered again. By the line's
 * view: one object per timeline item (state/view.ts's `chatMessages`) for
 * as long as the line does not change.
 */
const views = new WeakMap<MessageView, { signature: string; view: ReactionsView }>();

/** `line`'s view: the one made before when it says the same. */
function cachedView(line: MessageView, counts: Counts, mine: Mine, canReact: boolean): ReactionsView {
  const said = signature(counts, mine, canReact);
  const cached = views.get(line);
  if (cached?.signature === said) return cached.view;
  const view = makeView(counts, mine, canReact);
  views.set(line, { signature: said, view });
  return view;
}

/** A line's reactions, or undefined when it has nothing to show and nothing to do. */
export type ReactionsLookup = (message: MessageView) => ReactionsView | undefined;

/**
 * Each line's reactions: a lookup the list asks for each line it draws;
 * undefined for lines with nothing to show and nothing to do (unsent,
 * removed, none given while this user cannot react).
 *
 * A lookup rather than a table of every line: the list is virtualized and
 * draws some thirty lines, while a table was built for the whole timeline
 * on every change, which in a long lecture (5,000 messages, one more at a
 * time) was garbage quadratic in the messages. A sent line (one in the
 * timeline) has its `seq`; one still on its way or refused has none.
 */
export function messageReactions(state: ClassroomState): ReactionsLookup {
  const canReact = connected(state) && !reactionsOff(state.room.rules);
  const { counts: allCounts, mine: allMine } = state.reactions;
  return (line) => {
    if (line.kind !== "message" || line.seq === null || line.removed) return undefined;
    const counts = allCounts.get(line.seq);
    const mine = allMine.get(line.seq);
    const given = counts !== undefined && Object.values(counts).some((n) => n > 0);
    // Nothing given: only Add reaction shows, if anything.
    if (!given && !canReact) return undefined;
    return !given && mine === undefined ? NONE_YET : cachedView(line, counts, mine, canReact);
  };
}
