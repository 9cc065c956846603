import { describe, expect, it } from "vitest";
import { browserStorage, parseSeat, SeatStore, seatKey, type Seat, type StorageLike } from "./storage";

const seat: Seat = {
  session: "970fab159528f1e1346ffaaae7ff0272",
  token: "54a5fa6711c2f67a37e0a203e4e2de96",
  lastSeq: 17,
  outbox: [{ id: "c1-1", text: "hello" }],
  answers: [{ poll: "q_1", id: "c1-a2", answer: { choices: [1] } }],
  questions: [{ id: "c1-q3", text: "Why?" }],
};

function throwing(): StorageLike {
  const fail = () => {
    throw new DOMException("denied", "SecurityError");
  };
  return { getItem: fail, setItem: fail, removeItem: fail };
}

describe("seatKey", () => {
  it("is the hub's address and the name, case-insensitively", () => {
    expect(seatKey("ws://Host.LAN:4455/ws", " Ada ")).toBe("classroom.seat|ws://host.lan:4455/ws|ada");
    expect(seatKey("ws://10.0.0.5:4455/ws", "ada")).not.toBe(seatKey("ws://10.0.0.6:4455/ws", "ada"));
    expect(seatKey("ws://10.0.0.5:4455/ws", "Ada")).not.toBe(seatKey("ws://10.0.0.5:4455/ws", "Bo"));
    expect(seatKey("not a url", "Ada")).toBe("classroom.seat|not a url|ada");
  });
});

describe("SeatStore", () => {
  it("keeps a seat in localStorage across instances", () => {
    const key = seatKey("ws://h:1/ws", "Ada");
    expect(new SeatStore(key).save(seat)).toBe(true);
    expect(new SeatStore(key).load()).toEqual(seat);
    new SeatStore(key).clear();
    expect(new SeatStore(key).load()).toBeNull();
  });

  it("works as memory-only when storage is missing or throws", () => {
    for (const storage of [null, throwing()]) {
      const store = new SeatStore("k", storage);
      expect(store.save(seat)).toBe(false);
      expect(store.load()).toBeNull();
      expect(() => store.clear()).not.toThrow();
    }
  });

  it("survives a full storage", () => {
    const full: StorageLike = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException("full", "QuotaExceededError");
      },
      removeItem: () => {},
    };
    expect(new SeatStore("k", full).save(seat)).toBe(false);
  });

  it("finds localStorage only where it can be used", () => {
    expect(browserStorage()).toBe(localStorage);
    const original = Object.getOwnPropertyDescriptor(globalThis, "localStorage");
    Object.defineProperty(globalThis, "localStorage", {
      configurable: true,
      get() {
        throw new DOMException("blocked", "SecurityError");
      },
    });
    try {
      expect(browserStorage()).toBeNull();
      expect(new SeatStore("k").load()).toBeNull();
    } finally {
      if (original) Object.defineProperty(globalThis, "localStorage", original);
    }
  });
});

describe("parseSeat", () => {
  it("takes only what is a seat", () => {
    expect(parseSeat(JSON.stringify(seat))).toEqual(seat);
    expect(parseSeat(null)).toBeNull();
    expect(parseSeat("{not json")).toBeNull();
    expect(parseSeat("[]")).toBeNull();
    expect(parseSeat(JSON.stringify({ ...seat, lastSeq: -1 }))).toBeNull();
    expect(parseSeat(JSON.stringify({ ...seat, lastSeq: 1.5 }))).toBeNull();
    expect(parseSeat(JSON.stringify({ ...seat, token: 7 }))).toBeNull();
  });

  it("drops damaged kept items and fills in missing lists", () => {
    const { questions: _questions, ...rest } = seat;
    void _questions;
    const damaged = { ...rest, outbox: [{ id: 1, text: "x" }, { id: "ok", text: "y" }], answers: "no" };
    expect(parseSeat(JSON.stringify(damaged))).toEqual({
      ...seat,
      outbox: [{ id: "ok", text: "y" }],
      answers: [],
      questions: [],
    });
  });
});
