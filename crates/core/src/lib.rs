//! Vectis Autotask Setup without a window: the Autotask client and connection Test, storage
//! (keychain + settings), validation, the service both front ends use, and configuration.
//! The Tauri app (`vectis-setup`) and the console CLI (`vectis-setup-cli`) are thin layers
//! over this crate; it has no Tauri dependency.

pub mod autotask;
pub mod config;
pub mod error;
pub mod hardening;
pub mod links;
pub mod lock;
pub mod logging;
pub mod paths;
pub mod policy;
pub mod secret;
pub mod service;
pub mod startup;
pub mod storage;
pub mod support;
pub mod validation;

use std::sync::Arc;

use crate::config::Config;
use crate::service::Service;
use crate::storage::{ConnectionStore, KeyringStore};

/// The service with the real keychain, settings dir and endpoint policy, as `config` says,
/// obeying the organisation's managed values.
pub fn default_service(config: &Config, managed: crate::policy::Policy) -> Arc<Service> {
    let paths = config.paths();
    let store = KeyringStore::new(&paths.keychain_service).map(|keyring| {
        Arc::new(ConnectionStore::new(
            Arc::new(keyring),
            paths.config_dir.clone(),
        ))
    });
    let policy = config.endpoint_policy();
    let client_config = config.client_config(policy.as_ref().is_ok_and(|p| p.is_custom()));
    let service = Service::new(policy, store, client_config).with_mode(config.demo, paths);
    let bundle_path = config
        .bundle_path_switch()
        .map(std::path::Path::to_path_buf);
    Arc::new(service.with_policy(managed).with_bundle_path(bundle_path))
}
