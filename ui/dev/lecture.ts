// The `teacher-lecture` scene's class, as data: 299 students besides the
// teacher (300 participants), and the lines of a long lecture, made up the
// same way on every run (a fixed pseudo-random sequence), so screenshots and
// ui/dev/bench-lecture.mjs always see the same class. Lines vary the way a
// real chat's do: one word, a sentence, a paragraph that wraps, several
// lines, some with reactions, a few removed, some of the teacher's answers
// quoting a question. fakeApi.ts plays them; harness.tsx offers them as
// `window.__lecture` (see ui/dev/README.md).

import type { ChatEntry, Identity, ReactionCount } from "../src/api/generated/protocol";

/** How many participants the scene has, the teacher included. */
export const LECTURE_PARTICIPANTS = 300;
/** How many messages `window.__lecture.load()` delivers unless told. */
export const LECTURE_MESSAGES = 5_000;

const FIRST = ["Ada", "Bo", "Chidi", "Dana", "Emil", "Farah", "Gus", "Hana", "Ivo", "Jun", "Kemal", "Lena", "Mateo", "Nia", "Omar", "Pia", "Quinn", "Rosa", "Sami", "Tomás", "Uma", "Vik", "Wen", "Xiomara", "Yusuf", "Zoë"];
const LAST = ["Lovelace", "Chen", "Okafor", "Weiss", "Sørensen", "Haddad", "Oliveira", "Kowalski", "Nakamura", "Mbeki", "Fischer", "Rossi", "García", "Novak", "Ahmed", "Lindqvist", "O'Brien", "Petrov"];

/**
 * The students after the first `skip` (whom fakeApi.ts already has), with
 * ids going on from `firstId`: `LECTURE_PARTICIPANTS - 1` students in all.
 */
export function lectureStudents(skip: number, firstId: number): Identity[] {
  const count = LECTURE_PARTICIPANTS - 1 - skip;
  return Array.from({ length: count }, (_, i) => {
    const n = i + skip;
    const first = FIRST[n % FIRST.length]!;
    const last = LAST[Math.floor(n / FIRST.length) % LAST.length]!;
    // Every name unique, as the hub has them: a number once they repeat.
    const round = Math.floor(n / (FIRST.length * LAST.length));
    return { id: `p_${firstId + i}`, name: round === 0 ? `${first} ${last}` : `${first} ${last} ${round + 1}`, role: "student" };
  });
}

/** A small fixed pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SHORT = ["ok", "Thanks!", "Got it 👍", "Same here", "yes", "Which page?", "👀", "Can you repeat that?", "Makes sense now", "+1"];
const SENTENCES = [
  "Is this the exercise with the sliding block?",
  "Do we assume no friction for part (a)?",
  "I get 2.5 m/s² for the acceleration, is that right?",
  "Could you write the formula on the board again, please?",
  "So the normal force is just m·g when the surface is flat?",
  "Why does the tension not change along the rope?",
  "We measured 1.9 s for ten swings of the pendulum.",
  "Is the homework due on Friday or on Monday?",
];
const PARAGRAPHS = [
  "I think I see where my mistake was: I added the friction force in the same direction as the motion instead of against it, so my net force came out too big and the acceleration was almost twice what everyone else got. With the sign fixed it matches.",
  "For part (b) we drew the free-body diagram with four forces: gravity straight down, the normal force perpendicular to the slope, friction up the slope, and the pull of the rope. Then we split gravity into the two components along and across the slope before adding anything up.",
  "Quick question about the lab report: do the graphs need error bars on every point, or is it enough to state the uncertainty of the stopwatch once in the method section and use it in the discussion of the results?",
];
const MULTILINE = [
  "Part (a): 2.5 m/s²\nPart (b): 1.8 m/s²\nPart (c): still working on it",
  "Steps:\n1. draw the forces\n2. pick the axes\n3. write F = m·a along each axis\n4. solve",
  "F = m·a\nm = 4 kg\na = ?",
];
const TEACHER = [
  "Good question. Yes: ignore friction for part (a), include it in part (b).",
  "Remember: the net force is the sum of all forces, with their directions. Draw the diagram before you write any numbers.",
  "Five more minutes on this one, then we compare answers.",
  "Look at page 42, example 3: it is the same situation with different numbers.",
];
const EMOJI = ["👍", "\u2764\uFE0F", "😂", "😮", "❓", "✅"];

function pick<T>(list: readonly T[], r: () => number): T {
  return list[Math.floor(r() * list.length)]!;
}

/**
 * The lecture's `count` lines, oldest first, from the people given (the
 * teacher first): seq, id and time are for `numbered` to set. What it
 * returns is what the hub would send, minus those.
 */
export function lectureLines(
  people: readonly Identity[],
  count: number,
  seed = 14,
): Array<Pick<ChatEntry, "from" | "text" | "removed" | "reactions" | "quote">> {
  const r = random(seed);
  const teacher = people[0]!;
  const asked: string[] = [];
  return Array.from({ length: count }, () => {
    const fromTeacher = r() < 0.12;
    const from = fromTeacher ? teacher : people[1 + Math.floor(r() * (people.length - 1))]!;
    const roll = r();
    let text: string;
    if (fromTeacher) text = pick(TEACHER, r);
    else if (roll < 0.35) text = pick(SHORT, r);
    else if (roll < 0.8) text = pick(SENTENCES, r);
    else if (roll < 0.92) text = pick(PARAGRAPHS, r);
    else text = pick(MULTILINE, r);
    if (!fromTeacher && text.endsWith("?")) asked.push(text);
    const line: Pick<ChatEntry, "from" | "text" | "removed" | "reactions" | "quote"> = { from, text };
    if (fromTeacher && asked.length > 0 && r() < 0.3) line.quote = { text: asked[asked.length - 1]! };
    if (r() < 0.01) return { from, text: "", removed: true };
    if (r() < 0.12) {
      const chips = 1 + Math.floor(r() * 3);
      const reactions: ReactionCount[] = EMOJI.filter(() => r() < chips / 6)
        .map((emoji) => ({ emoji, count: 1 + Math.floor(r() * 30) }));
      if (reactions.length > 0) line.reactions = reactions;
    }
    return line;
  });
}
