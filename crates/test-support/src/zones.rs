//! Zones as a saved connection or a test server holds them, declared once.

use vectis_core::autotask::{Zone, ZoneSource};

/// The host of the demo tenant's zone (the simulator's `ZoneHostStyle::Autotask`).
pub const HOST: &str = "webservices15.autotask.net";
/// Its REST base as Autotask's zone lookup names it.
pub const API_URL: &str = "https://webservices15.autotask.net/ATServicesRest/";

/// America West 2 (webservices15) as the zone lookup found it, with its web URL.
pub fn ww15() -> Zone {
    Zone {
        name: Some("America West 2".into()),
        api_url: API_URL.into(),
        web_url: Some("https://ww15.autotask.net/".into()),
        host: HOST.into(),
        source: ZoneSource::Lookup,
        moved_from: None,
        ci: None,
    }
}

/// The same zone with only what a lookup must give (no name, no web URL).
pub fn ww15_bare() -> Zone {
    Zone {
        name: None,
        web_url: None,
        ..ww15()
    }
}

/// A test server on this machine, entered by hand (`http://127.0.0.1:PORT/ATServicesRest/`).
pub fn local(port: u16) -> Zone {
    Zone {
        name: None,
        api_url: format!("http://127.0.0.1:{port}/ATServicesRest/"),
        web_url: None,
        host: "127.0.0.1".into(),
        source: ZoneSource::Manual,
        moved_from: None,
        ci: None,
    }
}
