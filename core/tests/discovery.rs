//! Discovery through the public API, without multicast: mDNS itself is only
//! tested inside network namespaces (tests/lab/), never in the machine's own
//! namespace, where its packets would leave the machine.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::time::Duration;

use classroom_core::discovery::{
    self, AdvertiseConfig, ClassEvent, Compatibility, DiscoveredClass, DiscoveryError, InterfaceChoice,
};
use classroom_core::hub::{self, HubConfig};
use tokio::net::TcpListener;
use tokio::time::timeout;

const WAIT: Duration = Duration::from_secs(10);

fn class_at(addresses: &[&str], port: u16) -> DiscoveredClass {
    DiscoveredClass {
        id: "Physics 101._classroom._tcp.local.".to_owned(),
        instance: "Physics 101".to_owned(),
        name: "Mrs. Núñez — Physics 101".to_owned(),
        class: Some("Physics 101".to_owned()),
        teacher: Some("Mrs. Núñez".to_owned()),
        session: Some("970fab159528f1e1346ffaaae7ff0272".to_owned()),
        protocol: Some(1),
        compatibility: Compatibility::Supported,
        code_required: Some(true),
        path: "/ws".to_owned(),
        host: "classroom-970fab159528.local.".to_owned(),
        port,
        addresses: addresses.iter().map(|a| a.parse::<IpAddr>().expect("ip")).collect(),
        txt: BTreeMap::new(),
    }
}

/// The helper tries the addresses in order and returns the URL of the first
/// that accepts a connection: here the first is refused, the second listens.
#[tokio::test]
async fn reachable_url_tries_addresses_until_one_connects() {
    let listener = TcpListener::bind("127.0.0.3:0").await.expect("bind 127.0.0.3");
    let port = listener.local_addr().expect("addr").port();
    let class = class_at(&["127.0.0.2", "127.0.0.3"], port);
    let url = timeout(WAIT, discovery::reachable_url(&class, Duration::from_secs(2)))
        .await
        .expect("in time")
        .expect("one address answers");
    assert_eq!(url, format!("ws://127.0.0.3:{port}/ws"));
}

/// When nothing answers, the error lists every address tried and says
/// retrying may help; a class needing a newer app is refused up front.
#[tokio::test]
async fn unreachable_and_incompatible_classes_are_typed_errors() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    let class = class_at(&["127.0.0.4", "127.0.0.5"], port);
    let err = timeout(WAIT, discovery::reachable_url(&class, Duration::from_secs(2)))
        .await
        .expect("in time")
        .expect_err("nothing listens");
    match &err {
        DiscoveryError::Unreachable { attempts } => assert_eq!(attempts.len(), 2, "{err}"),
        other => panic!("expected Unreachable, got {other:?}"),
    }
    assert!(err.retry_helps());

    let mut newer = class_at(&["127.0.0.1"], port);
    newer.compatibility = Compatibility::NeedsNewerApp;
    newer.protocol = Some(2);
    let err = discovery::reachable_url(&newer, Duration::from_secs(1)).await.expect_err("incompatible");
    assert_eq!(err, DiscoveryError::Incompatible(Some(2)));
    assert!(!err.retry_helps());
    assert!(err.to_string().contains("needs a newer app"), "{err}");
}

/// A hub that listens on loopback only is not advertised (no other machine
/// could reach it); the error says so before any multicast is sent.
#[tokio::test]
async fn a_loopback_hub_is_not_advertised() {
    let hub =
        hub::start(hub::bind("127.0.0.1:0".parse().expect("addr")).expect("bind"), HubConfig::new("C", "T"))
            .expect("hub");
    let config = AdvertiseConfig::for_hub(&hub);
    assert_eq!((config.class.as_str(), config.teacher.as_str()), ("C", "T"));
    assert_eq!(config.session_id, hub.session().id);
    assert!(config.code_required);
    assert_eq!(config.path, "/ws");
    let err = discovery::advertise(config.with_interfaces(InterfaceChoice::All)).await.expect_err("loopback");
    assert!(matches!(err, DiscoveryError::LoopbackOnly(ip) if ip.is_loopback()), "{err:?}");
    assert!(!err.retry_helps());
    hub.shutdown().await.expect("shutdown");
}

/// What a UI receives: `{kind, data}` events; a class with its fields.
#[test]
fn class_events_serialise_for_a_ui() {
    let class = class_at(&["10.0.0.5"], 4455);
    let value = serde_json::to_value(ClassEvent::Appeared(class.clone())).expect("json");
    assert_eq!(value["kind"], "appeared");
    assert_eq!(value["data"]["name"], "Mrs. Núñez — Physics 101");
    assert_eq!(value["data"]["compatibility"], "supported");
    assert_eq!(value["data"]["addresses"][0], "10.0.0.5");
    assert_eq!(class.urls(), ["ws://10.0.0.5:4455/ws"]);
    let removed = serde_json::to_value(ClassEvent::Removed(class)).expect("json");
    assert_eq!(removed["kind"], "removed");
    let snapshot = serde_json::to_value(ClassEvent::Snapshot(Vec::new())).expect("json");
    assert_eq!(snapshot, serde_json::json!({"kind": "snapshot", "data": []}));
}
