//! Hosting a class: the hub in this process (through [`HostedClass`], the
//! routine `classroom host` uses too), saved in the data folder, advertised
//! on the LAN, joined by the teacher's own client; and trying the
//! advertisement again.

use std::net::SocketAddr;

use tracing::info;

use super::class::{self, Active, Opened};
use super::{
    AdvertiseStatus, App, AppError, EventSink, HostInfo, HostRequest, InvalidInput, JoinLink, JoinQr,
};
use crate::client::{self, Backfill, ClientConfig, JoinAs};
use crate::discovery::InterfaceChoice;
use crate::hosting::{HostError, HostedClass, Listen};
use crate::hub::HubConfig;
use crate::store::StoreError;

impl App {
    /// Starts a class, or reopens a stored one ([`HostRequest::resume`]):
    /// the hub in this process, saving the class in the data folder,
    /// advertised on the LAN unless discovery is off, and the teacher's
    /// client, whose events (and the class's storage state) go to `sink`.
    /// Stops looking for classes (the join screen is gone).
    ///
    /// Advertising that fails does not stop the class: [`HostInfo::advertising`]
    /// says why, and students join with the address or the join link. A
    /// class that cannot be saved is not started: nothing would be stored.
    ///
    /// # Errors
    /// [`AppError::AlreadyInClass`], [`AppError::InvalidInput`] for an empty
    /// class or teacher name, [`AppError::CannotHost`] when the history
    /// cannot be opened or written (damaged, read-only, full),
    /// [`AppError::History`] for an unknown class to resume,
    /// [`AppError::CannotListen`] if no port can be bound.
    pub async fn host(&self, request: HostRequest, sink: EventSink) -> Result<HostInfo, AppError> {
        let (class, teacher) = (request.class.trim(), request.teacher.trim());
        if request.resume.is_none() && (class.is_empty() || teacher.is_empty()) {
            return Err(InvalidInput::MissingClassOrTeacher.into());
        }
        self.stop_browsing().await;
        let opening = self.active.claim()?;
        let store = self.history.store().await.map_err(AppError::CannotHost)?;
        let listen = Listen::preferring(SocketAddr::from(([0, 0, 0, 0], self.options.port)));
        let mut config = HubConfig::new(class, teacher);
        config.store = Some(store);
        config.resume = request.resume.clone();
        if let Some(seats) = self.options.max_per_address {
            config.limits.max_per_address = seats;
        }
        let mut hosted = match HostedClass::start(listen, config) {
            Ok(hosted) => hosted,
            Err(HostError::Start(crate::Error::Store(err @ StoreError::NotFound(_)))) => {
                return Err(AppError::History(err))
            }
            Err(HostError::Start(crate::Error::Store(err))) => return Err(AppError::CannotHost(err)),
            Err(HostError::Start(err)) => return Err(err.into()),
            Err(HostError::Bind { addr, source }) => return Err(AppError::CannotListen { addr, source }),
        };
        hosted.advertise(self.advertising_on()).await;
        let hub = hosted.hub();
        let port = hub.local_addr().port();
        let join_link = hosted.join_link();
        let info = HostInfo {
            session: hub.session().id.clone(),
            resumed: request.resume.is_some(),
            class: hub.session().class.clone(),
            teacher: hub.session().teacher.clone(),
            code: hub.join_code().unwrap_or_default().to_owned(),
            qr: JoinQr::new(&join_link),
            addresses: hosted.addresses().to_vec(),
            web: hub.serves_web(),
            join_link,
            advertising: hosted.advertising().clone(),
            storage: hub.storage().borrow().clone(),
        };
        let mut config = ClientConfig::new(
            format!("ws://127.0.0.1:{port}/ws"),
            JoinAs::Teacher { token: hub.host_token().to_owned() },
        );
        config.backfill = Backfill::OnRequest;
        let (client, events) = match client::connect(config) {
            Ok(pair) => pair,
            Err(err) => {
                class::stop(hosted).await;
                return Err(err.into());
            }
        };
        info!(class = %info.class, port, link = %info.join_link, resumed = info.resumed, "hosting");
        opening.start(Opened {
            generation: self.next_generation(),
            client,
            events,
            sink,
            seat: None,
            hosted: Some(hosted),
        });
        Ok(info)
    }

    /// Tries advertising the hosted class again (after it failed, e.g. the
    /// network was not connected yet); returns the status now. The class
    /// goes on meanwhile: nothing waits for the advertising but this call.
    ///
    /// # Errors
    /// [`AppError::NotInClass`]; [`AppError::InvalidInput`] in a class this
    /// app does not host.
    pub async fn retry_advertising(&self) -> Result<AdvertiseStatus, AppError> {
        // The request is made under the slot's lock, run without it.
        let (generation, request) = {
            let class = self.active.lock();
            let active = class.open().ok_or(AppError::NotInClass)?;
            let hosted = active.hosted.as_ref().ok_or_else(not_hosting)?;
            if hosted.is_advertised() {
                return Ok(hosted.advertising().clone());
            }
            (active.generation, hosted.advertise_request(self.advertising_on()))
        };
        let advertised = request.run().await;
        // Still the same class? It keeps the outcome unless a retry
        // meanwhile listed it.
        let (unused, kept) = {
            let mut class = self.active.lock();
            match class.open_mut().filter(|active| active.generation == generation) {
                Some(Active { hosted: Some(hosted), .. }) => match hosted.keep_advertised(advertised) {
                    None => return Ok(hosted.advertising().clone()),
                    Some(unused) => (unused, Ok(hosted.advertising().clone())),
                },
                _ => (advertised, Err(AppError::NotInClass)),
            }
        };
        // Not needed after all: the class ended, or another retry listed it.
        unused.withdraw().await;
        kept
    }

    /// Gives the hosted class a new random code (when someone is guessing
    /// it, [`super::HostEvent::Guessing`]) and returns it. Students already
    /// in keep their seats; students joining now need the new code.
    ///
    /// # Errors
    /// [`AppError::NotInClass`]; [`AppError::InvalidInput`] in a class this
    /// app does not host; [`AppError::Core`] with [`crate::Error::NoClassCode`]
    /// when anyone may join without a code, [`crate::Error::Ended`] when the
    /// class has just ended.
    pub async fn change_code(&self) -> Result<String, AppError> {
        // Asked under the slot's lock, awaited without it.
        let change = {
            let class = self.active.lock();
            let active = class.open().ok_or(AppError::NotInClass)?;
            active.hosted.as_ref().ok_or_else(not_hosting)?.hub().change_code()
        };
        Ok(change.await?)
    }

    /// The hosted class's join link, with the current code in it when
    /// `with_code` and the hub serves the web client (there is nowhere to
    /// carry it otherwise: then the link without it), and its QR code.
    ///
    /// # Errors
    /// [`AppError::NotInClass`] outside a class, [`AppError::InvalidInput`]
    /// when not hosting it.
    pub fn join_link(&self, with_code: bool) -> Result<JoinLink, AppError> {
        let class = self.active.lock();
        let active = class.open().ok_or(AppError::NotInClass)?;
        let hosted = active.hosted.as_ref().ok_or_else(not_hosting)?;
        let coded = if with_code {
            hosted.hub().join_code().and_then(|code| hosted.join_link_with_code(&code))
        } else {
            None
        };
        let with_code = coded.is_some();
        let link = coded.unwrap_or_else(|| hosted.join_link());
        Ok(JoinLink { qr: JoinQr::new(&link), link, with_code })
    }

    /// The interfaces hosted classes are advertised on; `None` when LAN
    /// discovery is off.
    fn advertising_on(&self) -> Option<&InterfaceChoice> {
        self.options.mdns.then_some(&self.options.interfaces)
    }
}

fn not_hosting() -> AppError {
    InvalidInput::NotHosting.into()
}
