//! Polls through the app, as a UI drives them: the teacher's app opens a
//! poll, a student's app answers it (the answer acked as stored), the
//! teacher's app gets the live results, and the reveal reaches both.
//!
//! LAN discovery is off (`AppOptions::new(_, false)`): no mDNS here.

mod app_support;

use std::time::Duration;

use app_support::{event_sink, first_within};
use classroom_core::app::{App, AppError, AppOptions, HostRequest, JoinRequest};
use classroom_core::client::{ClientEvent, ConnectionState};
use classroom_core::protocol::{PollAnswer, PollDraft, PollKind, PollStatus};

const WAIT: Duration = Duration::from_secs(5);

#[tokio::test]
async fn a_poll_from_the_teachers_app_to_a_students_and_back() {
    let dir = std::env::temp_dir().join(format!("classroom-app-polls-{}", std::process::id()));
    let teacher = App::new(&dir, AppOptions::new(0, false));
    let (sink, mut teacher_events) = event_sink();
    let request = HostRequest { class: "Astronomy".into(), teacher: "Mr. Okafor".into(), resume: None };
    let info = teacher.host(request, sink).await.expect("hosting starts");
    first_within(WAIT, &mut teacher_events, |e| {
        matches!(e, ClientEvent::Polls(p) if p.is_empty()).then_some(())
    })
    .await;

    let student = App::new(dir.join("student"), AppOptions::new(0, false));
    let (sink, mut events) = event_sink();
    let port = info.addresses[0].rsplit(':').next().expect("a port");
    let join = JoinRequest {
        address: format!("127.0.0.1:{port}"),
        name: "Ada".into(),
        code: info.code.clone(),
        class: None,
    };
    student.join(join, sink).await.expect("joining");
    first_within(WAIT, &mut events, |e| {
        matches!(e, ClientEvent::State(ConnectionState::Connected)).then_some(())
    })
    .await;

    let draft = PollDraft {
        question: "Which planet is largest?".into(),
        kind: PollKind::Single,
        options: vec!["Mars".into(), "Jupiter".into()],
        correct: vec![1],
        seconds: None,
        anonymous: false,
        changes: false,
    };
    let err = student.open_poll(draft.clone()).await;
    assert!(err.is_ok(), "sent (the hub refuses it): {err:?}");
    first_within(WAIT, &mut events, |e| matches!(e, ClientEvent::Refused { .. }).then_some(())).await;
    teacher.open_poll(draft).await.expect("sent");
    let poll = first_within(WAIT, &mut events, |e| match e {
        ClientEvent::PollOpened(info) => Some(info.id.clone()),
        _ => None,
    })
    .await;
    let id =
        student.answer_poll(poll.clone(), PollAnswer { choices: vec![1], text: None }).await.expect("sent");
    let stored = first_within(WAIT, &mut events, |e| match e {
        ClientEvent::PollAnswered { client_id, .. } => Some(client_id.clone()),
        _ => None,
    })
    .await;
    assert_eq!(stored, id);
    let tally = first_within(WAIT, &mut teacher_events, |e| match e {
        ClientEvent::PollTally(results) if results.answered == 1 => Some(results.clone()),
        _ => None,
    })
    .await;
    assert_eq!(tally.counts, vec![0, 1]);
    assert_eq!(tally.who, Some(vec!["p_2".to_owned()]));

    teacher.reveal_poll(poll.clone()).await.expect("sent");
    for stream in [&mut events, &mut teacher_events] {
        let revealed = first_within(WAIT, stream, |e| match e {
            ClientEvent::PollRevealed(results) => Some(results.clone()),
            _ => None,
        })
        .await;
        assert_eq!((revealed.counts, revealed.correct, revealed.who), (vec![0, 1], vec![1], None));
    }
    // A student who comes back finds it revealed, with their own answer.
    student.leave().await.expect("leaving");
    let again = App::new(dir.join("student"), AppOptions::new(0, false));
    let (sink, mut events) = event_sink();
    let join = JoinRequest {
        address: format!("127.0.0.1:{port}"),
        name: "Ada".into(),
        code: info.code.clone(),
        class: None,
    };
    again.join(join, sink).await.expect("joining again");
    let polls = first_within(WAIT, &mut events, |e| match e {
        ClientEvent::Polls(polls) if !polls.is_empty() => Some(polls.clone()),
        _ => None,
    })
    .await;
    assert_eq!(polls[0].status, PollStatus::Revealed);
    assert_eq!(polls[0].mine, Some(PollAnswer { choices: vec![1], text: None }));
    again.leave().await.expect("leaving");
    teacher.end_class().await.expect("ending");
    assert!(matches!(teacher.close_poll(poll).await, Err(AppError::NotInClass)));
    let _ = std::fs::remove_dir_all(dir);
}
