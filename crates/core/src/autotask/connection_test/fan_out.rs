//! Step 3: everything else in parallel, one request per endpoint at most (Autotask allows
//! three at a time per endpoint): the permission matrix, API usage and the ticket lists.

use serde_json::Value;

use super::permissions::{info_entities, REQUIRED};
use super::report::{CheckId, CheckStatus, TestEvent};
use super::run::Run;
use crate::autotask::ticket_defaults::{self, TicketOptions};
use crate::autotask::{ApiError, AutotaskClient, Call, Entity, Zone};
use crate::validation::Credentials;

/// What the parallel phase brought back, each part on its own.
pub struct Answers {
    pub infos: Vec<(Entity, Result<Value, ApiError>)>,
    pub usage: Result<Value, ApiError>,
    pub options: Result<TicketOptions, ApiError>,
}

impl Answers {
    pub fn info(&self, entity: Entity) -> Option<&Result<Value, ApiError>> {
        self.infos
            .iter()
            .find(|(e, _)| *e == entity)
            .map(|(_, r)| r)
    }
}

/// Runs the phase; `Err` only when the Test was stopped.
pub async fn fan_out<F: Fn(TestEvent)>(
    client: &AutotaskClient,
    zone: &Zone,
    creds: &Credentials,
    run: &mut Run<'_, F>,
) -> Result<Answers, ApiError> {
    for r in REQUIRED {
        run.set(r.check, CheckStatus::Running, "Checking…");
    }
    run.set(CheckId::Usage, CheckStatus::Running, "Reading…");
    run.set(CheckId::TicketOptions, CheckStatus::Running, "Loading…");
    let entities = info_entities();
    let calls: Vec<Call> = entities
        .iter()
        .map(|e| Call::entity_information(*e))
        .collect();
    let infos = futures::future::join_all(calls.iter().map(|c| client.call(zone, creds, c)));
    let threshold = Call::threshold_information();
    let usage = client.call(zone, creds, &threshold);
    let options = ticket_defaults::load_options(client, zone, creds);
    let all = async { Ok(futures::join!(infos, usage, options)) };
    let (infos, usage, options) = run.cancellable(all).await?;
    Ok(Answers {
        infos: entities.into_iter().zip(infos).collect(),
        usage,
        options,
    })
}
