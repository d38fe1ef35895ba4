//! `status`: the saved connection, for people and monitoring scripts.

use vectis_core::error::ToIpcError;
use vectis_core::service::Service;
use vectis_core::storage::ConnectionStatus;

use crate::output::{print_error, EXIT_FAILED, EXIT_OK};

fn print_human(status: &ConnectionStatus) {
    if !status.configured {
        println!("No Autotask connection is saved.");
        if let Some(notice) = &status.notice {
            println!("{}", notice.message);
        }
        return;
    }
    println!(
        "Connection saved for {}",
        status.username.as_deref().unwrap_or("")
    );
    if let Some(zone) = &status.zone {
        println!(
            "Zone: {} ({})",
            zone.name.as_deref().unwrap_or(&zone.host),
            zone.api_url
        );
    }
    let secret = if status.secret_present {
        "stored"
    } else {
        "MISSING"
    };
    println!("Secret: {secret} ({})", status.backend);
    if let Some(last) = &status.last_test {
        println!("Last test: {} at {}", last.message, last.at);
    }
}

pub fn run(service: &Service, json: bool) -> i32 {
    match service.status() {
        Ok(status) => {
            if json {
                println!("{}", serde_json::to_value(&status).unwrap_or_default());
            } else {
                print_human(&status);
            }
            if status.configured && status.secret_present {
                EXIT_OK
            } else {
                EXIT_FAILED
            }
        }
        Err(e) => {
            print_error(json, &e.to_ipc());
            EXIT_FAILED
        }
    }
}
