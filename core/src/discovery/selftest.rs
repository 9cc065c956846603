//! Can multicast DNS leave this machine, and come back to it?
//!
//! mdns-sd keeps going silently when its packets are refused (it only
//! traces send errors), so a teacher would never learn that nobody can see
//! the class. Before advertising, one harmless mDNS query (for a name
//! nobody owns) is sent on each chosen interface, with multicast loopback
//! on, from a socket that has joined the mDNS group there:
//!
//! - a send that fails (a firewall rule dropping outgoing multicast, macOS
//!   without local network permission, no multicast route) means nothing
//!   can be advertised on that interface;
//! - a sent query that does not come back within the wait suggests incoming
//!   mDNS is dropped (students' queries would go unanswered). That is only a
//!   warning: the loopback copy depends on the platform.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6, UdpSocket};
use std::time::{Duration, Instant};

use socket2::{Domain, Protocol, Socket, Type};
use tracing::debug;

use super::error::{InterfaceProblem, InterfaceProblemCode};
use super::interfaces::LanInterface;
use crate::params::{params, Params};

const MDNS_PORT: u16 = 5353;
const GROUP_V4: Ipv4Addr = Ipv4Addr::new(224, 0, 0, 251);
const GROUP_V6: Ipv6Addr = Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 0xfb);

/// Which address families a hub serves (and so is advertised with).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Families {
    pub(crate) v4: bool,
    pub(crate) v6: bool,
}

impl Families {
    pub(crate) fn includes(self, ip: IpAddr) -> bool {
        if ip.is_ipv4() {
            self.v4
        } else {
            self.v6
        }
    }
}

/// Runs the check on every interface; returns what went wrong where.
/// Takes at most about `wait` plus the time to send.
pub(crate) async fn check(
    interfaces: Vec<LanInterface>,
    families: Families,
    wait: Duration,
) -> Vec<InterfaceProblem> {
    let task = tokio::task::spawn_blocking(move || check_blocking(&interfaces, families, wait));
    match task.await {
        Ok(problems) => problems,
        Err(err) => {
            debug!(cause = %err, "multicast self-test did not finish");
            Vec::new()
        }
    }
}

fn check_blocking(interfaces: &[LanInterface], families: Families, wait: Duration) -> Vec<InterfaceProblem> {
    let nonce = crate::ids::secret();
    let nonce = nonce.get(..12).unwrap_or(&nonce).to_owned();
    let mut problems = Vec::new();
    if families.v4 {
        problems.extend(Family::V4.check(interfaces, &nonce, wait));
    }
    if families.v6 {
        problems.extend(Family::V6.check(interfaces, &nonce, wait));
    }
    problems
}

#[derive(Clone, Copy)]
enum Family {
    V4,
    V6,
}

impl Family {
    fn name(self) -> &'static str {
        match self {
            Self::V4 => "IPv4",
            Self::V6 => "IPv6",
        }
    }

    fn check(self, interfaces: &[LanInterface], nonce: &str, wait: Duration) -> Vec<InterfaceProblem> {
        let mut problems = Vec::new();
        let candidates: Vec<(&LanInterface, IpAddr)> = interfaces
            .iter()
            .filter_map(|intf| {
                let ip = intf.addresses.iter().copied().find(|ip| match self {
                    Self::V4 => ip.is_ipv4(),
                    Self::V6 => ip.is_ipv6(),
                })?;
                Some((intf, ip))
            })
            .collect();
        if candidates.is_empty() {
            return problems;
        }
        let (socket, listening) = match self.socket() {
            Ok(pair) => pair,
            Err(err) => {
                for (intf, _) in &candidates {
                    problems.push(self.socket_failed(intf, &err));
                }
                return problems;
            }
        };
        let mut sent = Vec::new();
        for (n, (intf, ip)) in candidates.iter().enumerate() {
            let label = format!("classroom-check-{nonce}-{n}");
            match self.send(&socket, intf, *ip, &label, listening) {
                Ok(()) => sent.push((*intf, label)),
                Err(err) => problems.push(self.send_failed(intf, *ip, &err)),
            }
        }
        if !listening || sent.is_empty() {
            return problems;
        }
        let came_back = receive_own(&socket, &sent, wait);
        for ((intf, _), back) in sent.iter().zip(came_back) {
            if !back {
                problems.push(self.no_echo(intf, wait));
            }
        }
        problems
    }

    /// No mDNS socket of this family could be opened.
    fn socket_failed(self, intf: &LanInterface, err: &io::Error) -> InterfaceProblem {
        blocking(
            intf,
            format!("cannot open an {} mDNS socket: {err}", self.name()),
            InterfaceProblemCode::SocketFailed,
            params([("family", self.name().into()), ("detail", err.to_string().into())]),
        )
    }

    /// The test packet could not be sent from `ip`.
    fn send_failed(self, intf: &LanInterface, ip: IpAddr, err: &io::Error) -> InterfaceProblem {
        blocking(
            intf,
            format!("cannot send {} multicast (mDNS, UDP {MDNS_PORT}) from {ip}: {err}", self.name()),
            InterfaceProblemCode::SendFailed,
            params([
                ("family", self.name().into()),
                ("address", ip.to_string().into()),
                ("detail", err.to_string().into()),
            ]),
        )
    }

    /// The test packet went out but did not come back within `wait`.
    fn no_echo(self, intf: &LanInterface, wait: Duration) -> InterfaceProblem {
        InterfaceProblem {
            interface: intf.name.clone(),
            detail: format!(
                "our own {} mDNS test packet did not come back within {} ms; a firewall may drop \
                 incoming mDNS (UDP {MDNS_PORT}), so students' searches could go unanswered",
                self.name(),
                wait.as_millis()
            ),
            blocking: false,
            code: InterfaceProblemCode::NoEcho,
            params: params([
                ("family", self.name().into()),
                ("ms", u64::try_from(wait.as_millis()).unwrap_or(u64::MAX).into()),
            ]),
        }
    }

    /// A UDP socket bound to the mDNS port if possible (to see our own
    /// packets come back), else to any port (sending can still be tested).
    fn socket(self) -> io::Result<(UdpSocket, bool)> {
        let domain = match self {
            Self::V4 => Domain::IPV4,
            Self::V6 => Domain::IPV6,
        };
        let socket = Socket::new(domain, Type::DGRAM, Some(Protocol::UDP))?;
        socket.set_reuse_address(true)?;
        #[cfg(unix)]
        if let Err(err) = socket.set_reuse_port(true) {
            debug!(cause = %err, "SO_REUSEPORT not available");
        }
        let (any, any_port0): (SocketAddr, SocketAddr) = match self {
            Self::V4 => {
                socket.set_multicast_loop_v4(true)?;
                socket.set_multicast_ttl_v4(255)?;
                (
                    SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, MDNS_PORT).into(),
                    SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, 0).into(),
                )
            }
            Self::V6 => {
                socket.set_only_v6(true)?;
                socket.set_multicast_loop_v6(true)?;
                socket.set_multicast_hops_v6(255)?;
                (
                    SocketAddrV6::new(Ipv6Addr::UNSPECIFIED, MDNS_PORT, 0, 0).into(),
                    SocketAddrV6::new(Ipv6Addr::UNSPECIFIED, 0, 0, 0).into(),
                )
            }
        };
        let listening = match socket.bind(&any.into()) {
            Ok(()) => true,
            Err(err) => {
                debug!(cause = %err, "cannot bind the mDNS port for the self-test; testing sends only");
                socket.bind(&any_port0.into())?;
                false
            }
        };
        socket.set_read_timeout(Some(Duration::from_millis(50)))?;
        Ok((socket.into(), listening))
    }

    fn send(
        self,
        socket: &UdpSocket,
        intf: &LanInterface,
        ip: IpAddr,
        label: &str,
        join: bool,
    ) -> io::Result<()> {
        let packet = query(label);
        match (self, ip) {
            (Self::V4, IpAddr::V4(v4)) => {
                if join {
                    socket.join_multicast_v4(&GROUP_V4, &v4)?;
                }
                socket2::SockRef::from(socket).set_multicast_if_v4(&v4)?;
                socket.send_to(&packet, SocketAddrV4::new(GROUP_V4, MDNS_PORT))?;
            }
            (Self::V6, IpAddr::V6(_)) => {
                let index = intf.index.unwrap_or(0);
                if join {
                    socket.join_multicast_v6(&GROUP_V6, index)?;
                }
                socket2::SockRef::from(socket).set_multicast_if_v6(index)?;
                socket.send_to(&packet, SocketAddrV6::new(GROUP_V6, MDNS_PORT, 0, index))?;
            }
            _ => return Err(io::Error::new(io::ErrorKind::InvalidInput, "address of the wrong family")),
        }
        Ok(())
    }
}

/// Reads until every label was seen or `wait` is over; which came back.
fn receive_own(socket: &UdpSocket, sent: &[(&LanInterface, String)], wait: Duration) -> Vec<bool> {
    let deadline = Instant::now() + wait;
    let mut back = vec![false; sent.len()];
    let mut buf = [0u8; 1500];
    while Instant::now() < deadline && back.contains(&false) {
        let Ok((len, _from)) = socket.recv_from(&mut buf) else { continue };
        let packet = buf.get(..len).unwrap_or_default();
        for ((_, label), seen) in sent.iter().zip(back.iter_mut()) {
            if contains(packet, label.as_bytes()) {
                *seen = true;
            }
        }
    }
    back
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// An mDNS query (id 0, one question) for `LABEL.local.`, type A, class IN.
fn query(label: &str) -> Vec<u8> {
    let mut packet = vec![0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0];
    for part in [label, "local"] {
        let bytes = part.as_bytes();
        packet.push(u8::try_from(bytes.len()).unwrap_or(63).min(63));
        packet.extend_from_slice(bytes.get(..63).unwrap_or(bytes));
    }
    packet.push(0);
    packet.extend_from_slice(&[0, 1, 0, 1]);
    packet
}

fn blocking(
    intf: &LanInterface,
    detail: String,
    code: InterfaceProblemCode,
    params: Params,
) -> InterfaceProblem {
    InterfaceProblem { interface: intf.name.clone(), detail, blocking: true, code, params }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each problem carries exactly the params its code's sentence needs,
    /// the system's own words as `detail`, and the English text as before.
    #[test]
    fn problems_carry_their_codes_params() {
        let intf =
            LanInterface { name: "eth0".into(), index: Some(2), addresses: vec![[10, 0, 0, 7].into()] };
        let denied = io::Error::from(io::ErrorKind::PermissionDenied);
        let problems = [
            Family::V4.socket_failed(&intf, &denied),
            Family::V6.send_failed(&intf, "fd00::7".parse().unwrap(), &denied),
            Family::V4.no_echo(&intf, Duration::from_millis(300)),
        ];
        for problem in &problems {
            let mut wanted = problem.code.params().to_vec();
            wanted.sort_unstable();
            assert_eq!(problem.params.keys().map(String::as_str).collect::<Vec<_>>(), wanted, "{problem:?}");
            assert_eq!(problem.interface, "eth0");
        }
        assert_eq!(problems[1].params["address"], "fd00::7".into());
        assert_eq!(problems[1].params["detail"], denied.to_string().into(), "the system's words alone");
        assert!(problems[1].detail.starts_with("cannot send IPv6 multicast"), "{}", problems[1].detail);
        assert_eq!(problems[2].params["ms"], crate::params::Param::Number(300));
        assert!(!problems[2].blocking && problems[0].blocking);
    }

    /// The test query is a well-formed DNS question for `LABEL.local` A IN.
    #[test]
    fn the_test_query_is_a_dns_question() {
        let packet = query("classroom-check-abc-0");
        assert_eq!(&packet[..12], &[0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
        assert_eq!(packet[12] as usize, "classroom-check-abc-0".len());
        assert!(contains(&packet, b"classroom-check-abc-0"));
        assert!(packet.ends_with(&[5, b'l', b'o', b'c', b'a', b'l', 0, 0, 1, 0, 1]));
    }
}
