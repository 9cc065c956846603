//! Deleting and pinning messages over real sockets: the teacher deletes
//! any message, a student only their own and only shortly after sending
//! it; everyone sees it removed in place, a late joiner never receives its
//! text, the store keeps the `seq` and drops the text (gone from the file),
//! and the export says it was removed. One message is pinned for everyone;
//! deleting it unpins it. Reactions are counted for everyone.

mod common;

use std::time::Duration;

use classroom_core::hub::{self, HubConfig};
use classroom_core::store::{ExportFormat, ExportLanguage, ExportOptions, Store};
use common::{class, config, start, Peer, TEACHER};
use serde_json::{json, Value};

/// A message, acked, and delivered to its author and `others`; its `seq`.
async fn said(author: &mut Peer, id: &str, text: &str, others: &mut [&mut Peer]) -> u64 {
    author.say(id, text).await;
    let ack = author.next_of("chat:ack").await;
    assert_eq!(ack["id"], id);
    let seq = ack["seq"].as_u64().expect("a seq");
    assert_eq!(author.next_of("chat:message").await["seq"], seq);
    for other in others {
        assert_eq!(other.next_of("chat:message").await["seq"], seq);
    }
    seq
}

/// The entry a welcome or a history page has at `seq`.
fn entry_at(entries: &Value, seq: u64) -> Value {
    entries.as_array().expect("entries").iter().find(|e| e["seq"] == seq).cloned().expect("the entry")
}

#[tokio::test]
async fn deletes_follow_the_rules_and_leave_a_tombstone() {
    let mut config = config();
    config.limits.delete_window = Duration::from_millis(600);
    let hub = start(config).await;
    let (mut teacher, mut students) = class(&hub, &["Ada", "Bo"]).await;
    let (mut ada, mut bo) = {
        let bo = students.pop().expect("Bo");
        (students.pop().expect("Ada"), bo)
    };
    let rude = said(&mut ada, "a-1", "something rude", &mut [&mut teacher, &mut bo]).await;
    let oops = said(&mut bo, "b-1", "oops, wrong chat", &mut [&mut teacher, &mut ada]).await;
    let settle = said(&mut teacher, "t-1", "Settle down.", &mut [&mut ada, &mut bo]).await;

    // Spoofing: Bo deletes Ada's message, or the teacher's; refused.
    bo.send(json!({"type": "chat:delete", "seq": rude})).await;
    bo.expect_error("forbidden", None).await;
    bo.send(json!({"type": "chat:delete", "seq": settle})).await;
    bo.expect_error("forbidden", None).await;
    bo.send(json!({"type": "chat:delete", "seq": 999})).await;
    bo.expect_error("unknown_message", None).await;

    // Bo deletes his own; the teacher deletes Ada's.
    bo.send(json!({"type": "chat:delete", "seq": oops})).await;
    let by_sender = json!({"type": "chat:deleted", "seq": oops, "by": "sender"});
    for peer in [&mut teacher, &mut ada, &mut bo] {
        assert_eq!(peer.next_of("chat:deleted").await, by_sender);
    }
    teacher.send(json!({"type": "chat:delete", "seq": rude})).await;
    let by_teacher = json!({"type": "chat:deleted", "seq": rude, "by": "teacher"});
    for peer in [&mut teacher, &mut ada, &mut bo] {
        assert_eq!(peer.next_of("chat:deleted").await, by_teacher);
    }
    // Again: nothing more happens.
    teacher.send(json!({"type": "chat:delete", "seq": rude})).await;

    // A late joiner never receives the texts: tombstones, and the list.
    let mut cy = Peer::student(&hub, "Cy").await;
    assert_eq!(cy.welcome["deleted"], json!([rude, oops]));
    for seq in [rude, oops] {
        let entry = entry_at(&cy.welcome["history"], seq);
        assert_eq!((entry["text"].as_str(), &entry["removed"]), (Some(""), &json!(true)), "{entry}");
    }
    assert!(!cy.welcome.to_string().contains("rude"), "{}", cy.welcome);
    cy.send(json!({"type": "history:fetch", "before": settle + 1})).await;
    let page = cy.next_of("history").await;
    assert_eq!(entry_at(&page["messages"], rude)["removed"], true);
    assert_eq!(entry_at(&page["messages"], settle)["text"], "Settle down.");

    // A student's own message, once the window has passed: too late.
    let late = said(&mut ada, "a-2", "second thoughts", &mut [&mut teacher, &mut bo, &mut cy]).await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    ada.send(json!({"type": "chat:delete", "seq": late})).await;
    let message = ada.expect_error("delete_expired", None).await;
    assert!(message.contains("min"), "{message}");
    // The teacher has no window.
    teacher.send(json!({"type": "chat:delete", "seq": late})).await;
    assert_eq!(ada.next_of("chat:deleted").await["seq"], late);
}

#[tokio::test]
async fn one_message_is_pinned_for_everyone() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada"]).await;
    let mut ada = students.pop().expect("Ada");
    let homework = said(&mut teacher, "t-1", "Homework: page 12, exercises 1–4.", &mut [&mut ada]).await;
    let question = said(&mut ada, "a-1", "Due when?", &mut [&mut teacher]).await;

    ada.send(json!({"type": "chat:pin", "seq": question})).await;
    ada.expect_error("forbidden", None).await;
    teacher.send(json!({"type": "chat:pin", "seq": 77})).await;
    teacher.expect_error("unknown_message", None).await;

    teacher.send(json!({"type": "chat:pin", "seq": homework})).await;
    for peer in [&mut teacher, &mut ada] {
        let pinned = peer.next_of("chat:pinned").await;
        assert_eq!(pinned["message"]["seq"], homework);
        assert_eq!(pinned["message"]["text"], "Homework: page 12, exercises 1–4.");
    }
    let bo = Peer::student(&hub, "Bo").await;
    assert_eq!(bo.welcome["room"]["pinned"]["seq"], homework, "a late joiner sees the pin");

    // Another pin replaces it; deleting the pinned message unpins it.
    teacher.send(json!({"type": "chat:pin", "seq": question})).await;
    teacher.send(json!({"type": "chat:delete", "seq": question})).await;
    for peer in [&mut teacher, &mut ada] {
        assert_eq!(peer.next_of("chat:pinned").await["message"]["seq"], question);
        assert_eq!(peer.next_of("chat:deleted").await["seq"], question);
        assert_eq!(peer.next_of("chat:unpinned").await, json!({"type": "chat:unpinned"}));
    }
    teacher.send(json!({"type": "chat:pin", "seq": question})).await;
    teacher.expect_error("unknown_message", None).await;

    teacher.send(json!({"type": "chat:pin", "seq": homework})).await;
    ada.next_of("chat:pinned").await;
    teacher.next_of("chat:pinned").await;
    teacher.send(json!({"type": "chat:unpin"})).await;
    assert_eq!(ada.next_of("chat:unpinned").await, json!({"type": "chat:unpinned"}));
    let cy = Peer::student(&hub, "Cy").await;
    assert!(cy.welcome["room"].get("pinned").is_none(), "{}", cy.welcome["room"]);
}

/// With a store: the deleted text is gone from the database files (its
/// write-ahead log included) by the time anyone is told, the tombstone and the pin come back in a
/// reopened class, and the export shows the message removed.
#[tokio::test]
async fn the_store_drops_a_deleted_text_and_keeps_its_place() {
    let dir = tempfile::Builder::new().prefix("classroom-delete-test-").tempdir().expect("a temp dir");
    let store = Store::open(dir.path()).expect("the store");
    let mut config = HubConfig::new("Biology", TEACHER);
    config.store = Some(store.clone());
    let hub = hub::start(hub::bind(([127, 0, 0, 1], 0).into()).expect("bound"), config).expect("a hub");
    let session = hub.session().id.clone();
    let mut teacher = Peer::teacher(&hub).await;
    let kept = said(&mut teacher, "t-1", "Keep this one.", &mut []).await;
    let secret = said(&mut teacher, "t-2", "SECRET-PHONE-NUMBER-555-0199", &mut []).await;
    teacher.send(json!({"type": "chat:pin", "seq": kept})).await;
    teacher.next_of("chat:pinned").await;
    teacher.send(json!({"type": "chat:delete", "seq": secret})).await;
    teacher.next_of("chat:deleted").await;

    let needle = b"SECRET-PHONE-NUMBER";
    let holding: Vec<String> = std::fs::read_dir(dir.path())
        .expect("the data folder")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| std::fs::read(path).is_ok_and(|b| b.windows(needle.len()).any(|w| w == needle)))
        .map(|path| path.display().to_string())
        .collect();
    // Checked while the hub still runs: gone by the time anyone is told.
    assert!(holding.is_empty(), "the deleted text is still on disk, in {holding:?}");
    drop(teacher);
    hub.shutdown().await.expect("a clean shutdown");

    let options = ExportOptions {
        format: ExportFormat::Markdown,
        time_zone: Some("UTC".into()),
        language: ExportLanguage::English,
    };
    let markdown = store.export_to_string(&session, &options).expect("export");
    assert!(markdown.contains("_(message removed)_"), "{markdown}");
    let options = ExportOptions { format: ExportFormat::Json, ..options };
    let json: Value =
        serde_json::from_str(&store.export_to_string(&session, &options).expect("export")).expect("JSON");
    let removed = entry_at(&json["messages"], secret);
    assert_eq!((removed["text"].as_str(), &removed["removed"]), (Some(""), &json!(true)));

    let mut config = HubConfig::new("Biology", TEACHER);
    config.store = Some(store);
    config.resume = Some(session);
    let hub = hub::start(hub::bind(([127, 0, 0, 1], 0).into()).expect("bound"), config).expect("reopened");
    let teacher = Peer::teacher(&hub).await;
    assert_eq!(teacher.welcome["deleted"], json!([secret]));
    assert_eq!(entry_at(&teacher.welcome["history"], secret)["removed"], true);
    assert_eq!(teacher.welcome["room"]["pinned"]["seq"], kept);
    hub.shutdown().await.expect("a clean shutdown");
}

/// Reactions: anyone adds one of the fixed set to a message; everyone gets
/// the new count; the message's entry carries the counts for late joiners,
/// and each joiner's welcome says which reactions are theirs. Adding one
/// twice changes nothing; others are refused with their codes; the teacher
/// can turn reactions off; a deleted message loses its reactions.
#[tokio::test]
async fn reactions_are_counted_for_everyone() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada", "Bo"]).await;
    let (mut ada, mut bo) = {
        let bo = students.pop().expect("Bo");
        (students.pop().expect("Ada"), bo)
    };
    let seq = said(&mut teacher, "t-1", "Quiz on Friday!", &mut [&mut ada, &mut bo]).await;
    let ada_id = ada.id();

    ada.send(json!({"type": "reaction:add", "seq": seq, "emoji": "👍"})).await;
    let changed =
        json!({"type": "reaction:changed", "seq": seq, "emoji": "👍", "by": ada_id, "on": true, "count": 1});
    for peer in [&mut teacher, &mut ada, &mut bo] {
        assert_eq!(peer.next_of("reaction:changed").await, changed);
    }
    // Again: nothing. Then refusals, each with its code.
    ada.send(json!({"type": "reaction:add", "seq": seq, "emoji": "👍"})).await;
    ada.send(json!({"type": "reaction:add", "seq": seq, "emoji": "💩"})).await;
    ada.expect_error("invalid_reaction", None).await;
    ada.send(json!({"type": "reaction:add", "seq": 99, "emoji": "👍"})).await;
    ada.expect_error("unknown_message", None).await;

    bo.send(json!({"type": "reaction:add", "seq": seq, "emoji": "👍"})).await;
    bo.send(json!({"type": "reaction:add", "seq": seq, "emoji": "❓"})).await;
    assert_eq!(teacher.next_of("reaction:changed").await["count"], 2);
    assert_eq!(teacher.next_of("reaction:changed").await["emoji"], "❓");
    bo.send(json!({"type": "reaction:remove", "seq": seq, "emoji": "❓"})).await;
    let taken_back = teacher.next_of("reaction:changed").await;
    assert_eq!((&taken_back["on"], &taken_back["count"]), (&json!(false), &json!(0)));

    let cy = Peer::student(&hub, "Cy").await;
    assert_eq!(entry_at(&cy.welcome["history"], seq)["reactions"], json!([{"emoji": "👍", "count": 2}]));
    assert_eq!(cy.welcome["my_reactions"], json!([]));
    let join = json!({"type": "student:join", "name": "Ada", "code": common::CODE, "resume": ada.token()});
    ada.close().await;
    let mut ada = Peer::join(&hub, join).await;
    assert_eq!(ada.welcome["my_reactions"], json!([{"seq": seq, "emoji": "👍"}]));

    teacher.send(json!({"type": "room:rules", "reactions_off": true})).await;
    assert_eq!(ada.next_of("room:rules").await["reactions_off"], true);
    ada.send(json!({"type": "reaction:add", "seq": seq, "emoji": "✅"})).await;
    ada.expect_error("reactions_off", None).await;

    teacher.send(json!({"type": "chat:delete", "seq": seq})).await;
    ada.next_of("chat:deleted").await;
    let dee = Peer::student(&hub, "Dee").await;
    assert!(entry_at(&dee.welcome["history"], seq).get("reactions").is_none(), "{}", dee.welcome["history"]);
    drop(bo);
}

/// A student who was away while reactions changed on messages they hold
/// gets those messages' counts in their welcome: one that lost its last
/// reaction is in the range and not listed (none now), one that gained
/// some is listed; a fresh join, which holds nothing, gets no snapshot.
#[tokio::test]
async fn a_resumed_welcome_sets_held_counts_right() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada", "Bo"]).await;
    let (mut ada, mut bo) = {
        let bo = students.pop().expect("Bo");
        (students.pop().expect("Ada"), bo)
    };
    let first = said(&mut teacher, "t-1", "one", &mut [&mut ada, &mut bo]).await;
    let second = said(&mut teacher, "t-2", "two", &mut [&mut ada, &mut bo]).await;
    bo.send(json!({"type": "reaction:add", "seq": first, "emoji": "👍"})).await;
    ada.next_of("reaction:changed").await;
    let ada_join =
        json!({"type": "student:join", "code": common::CODE, "resume": ada.token(), "last_seq": second});
    ada.close().await;

    // While Ada is away: the 👍 on the first goes, two arrive on the second.
    bo.send(json!({"type": "reaction:remove", "seq": first, "emoji": "👍"})).await;
    bo.send(json!({"type": "reaction:add", "seq": second, "emoji": "✅"})).await;
    teacher.send(json!({"type": "reaction:add", "seq": second, "emoji": "✅"})).await;
    for _ in 0..3 {
        teacher.next_of("reaction:changed").await;
    }

    let ada = Peer::join(&hub, ada_join).await;
    assert_eq!(ada.welcome["history"], json!([]), "she holds both messages");
    assert_eq!(
        ada.welcome["held_reactions"],
        json!({"from": 1, "to": second, "counts": [{"seq": second, "reactions": [{"emoji": "✅", "count": 2}]}]})
    );
    let cy = Peer::student(&hub, "Cy").await;
    assert!(cy.welcome.get("held_reactions").is_none(), "{}", cy.welcome);
}

/// A participant flicking a reaction on and off is refused (`rate_limited`)
/// once over its budget, before the class is flooded.
#[tokio::test]
async fn a_flicked_reaction_is_rate_limited() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada"]).await;
    let mut ada = students.pop().expect("Ada");
    let seq = said(&mut teacher, "t-1", "Hi", &mut [&mut ada]).await;
    assert_eq!(
        (&ada.welcome["limits"]["reaction_rate"], &ada.welcome["limits"]["reaction_burst"]),
        (&json!(2), &json!(10))
    );
    for n in 0..10 {
        let kind = if n % 2 == 0 { "reaction:add" } else { "reaction:remove" };
        ada.send(json!({"type": kind, "seq": seq, "emoji": "😂"})).await;
        ada.next_of("reaction:changed").await;
    }
    ada.send(json!({"type": "reaction:add", "seq": seq, "emoji": "😂"})).await;
    ada.expect_error("rate_limited", None).await;
}
