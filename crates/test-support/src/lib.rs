//! What the integration tests of every crate share, declared once: the demo users and the
//! simulator (`sim`), the zones a saved connection holds ([`zones`]), assertions on a Test's
//! report that show it (`report`) and the canary leak check ([`canary`]). A dev-dependency
//! only; nothing here ships.

pub mod canary;
#[cfg(feature = "sim")]
mod report;
#[cfg(feature = "sim")]
mod sim;
#[cfg(feature = "sim")]
pub mod zones;

#[cfg(feature = "sim")]
pub use report::*;
#[cfg(feature = "sim")]
pub use sim::*;
