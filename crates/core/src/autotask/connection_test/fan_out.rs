//! Step 3: everything else in parallel, at most three requests per endpoint (Autotask's
//! thread limit): what the security level allows (the entities Vectis needs and those it
//! never touches), a one-row query proving each read (the tenant's own company for
//! Companies, which names the tenant), API usage and the ticket lists.

use serde_json::Value;

use super::excess::NEVER_TOUCHES;
use super::permissions::{info_entities, AccessKind, REQUIRED};
use super::report::{CheckId, CheckStatus, TestEvent};
use super::run::Run;
use crate::autotask::ticket_defaults::{self, TicketOptions};
use crate::autotask::{ApiError, AutotaskClient, Call, Entity, Zone};
use crate::validation::Credentials;

type Answer = Result<Value, ApiError>;

/// What the parallel phase brought back, each part on its own.
pub struct Answers {
    /// `entityInformation` of the entities Vectis needs, then of those it never touches.
    pub infos: Vec<(Entity, Answer)>,
    /// One query per required read (Companies: the tenant's own company).
    pub probes: Vec<(Entity, Answer)>,
    pub usage: Answer,
    pub options: Result<TicketOptions, ApiError>,
}

fn find(list: &[(Entity, Answer)], entity: Entity) -> Option<&Answer> {
    list.iter().find(|(e, _)| *e == entity).map(|(_, r)| r)
}

impl Answers {
    pub fn info(&self, entity: Entity) -> Option<&Answer> {
        find(&self.infos, entity)
    }

    pub fn probe(&self, entity: Entity) -> Option<&Answer> {
        find(&self.probes, entity)
    }
}

/// Every `entityInformation` the Test reads, each entity once: needed ones first.
pub fn all_info_entities() -> Vec<Entity> {
    let mut entities = info_entities();
    for entity in NEVER_TOUCHES {
        if !entities.contains(entity) {
            entities.push(*entity);
        }
    }
    entities
}

/// The entities whose read a query proves, each once.
pub fn probe_entities() -> Vec<Entity> {
    let mut entities: Vec<Entity> = Vec::new();
    for r in REQUIRED.iter().filter(|r| r.access == AccessKind::Read) {
        if !entities.contains(&r.entity) {
            entities.push(r.entity);
        }
    }
    entities
}

/// The query that proves `entity` can be read.
pub fn probe_call(entity: Entity) -> Call {
    match entity {
        Entity::Companies => Call::own_company(),
        other => Call::first_row(other),
    }
}

async fn send_all(
    client: &AutotaskClient,
    zone: &Zone,
    creds: &Credentials,
    calls: &[Call],
) -> Vec<Answer> {
    futures::future::join_all(calls.iter().map(|c| client.call(zone, creds, c))).await
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
    run.set(CheckId::Tenant, CheckStatus::Running, "Reading…");
    run.set(CheckId::LeastPrivilege, CheckStatus::Running, "Checking…");
    run.set(CheckId::Usage, CheckStatus::Running, "Reading…");
    run.set(CheckId::TicketOptions, CheckStatus::Running, "Loading…");
    let (info_entities, probe_entities) = (all_info_entities(), probe_entities());
    let info_calls: Vec<Call> = info_entities
        .iter()
        .map(|e| Call::entity_information(*e))
        .collect();
    let probe_calls: Vec<Call> = probe_entities.iter().map(|e| probe_call(*e)).collect();
    let threshold = Call::threshold_information();
    let usage = client.call(zone, creds, &threshold);
    let options = ticket_defaults::load_options(client, zone, creds);
    let all = async {
        Ok(futures::join!(
            send_all(client, zone, creds, &info_calls),
            send_all(client, zone, creds, &probe_calls),
            usage,
            options
        ))
    };
    let (infos, probes, usage, options) = run.cancellable(all).await?;
    Ok(Answers {
        infos: info_entities.into_iter().zip(infos).collect(),
        probes: probe_entities.into_iter().zip(probes).collect(),
        usage,
        options,
    })
}
