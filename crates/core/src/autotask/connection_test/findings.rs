//! Step 4: reading the parallel answers into checks: permissions (proven by the queries),
//! rights beyond need, the tenant, usage, the lists.

use serde_json::Value;

use super::excess::{excess, ExcessPermission};
use super::fan_out::Answers;
use super::permissions::{judge, AccessKind, REQUIRED};
use super::proof::prove;
use super::report::{CheckId, CheckStatus, TestEvent, Usage};
use super::run::Run;
use super::tenant::Tenant;
use crate::autotask::ticket_defaults::TicketOptions;
use crate::autotask::{ApiError, Entity, Zone};
use crate::error::ToIpcError;

/// Reports each permission; returns what is missing ("read Contracts", …).
pub fn permissions<F: Fn(TestEvent)>(answers: &Answers, run: &mut Run<'_, F>) -> Vec<String> {
    let mut missing = Vec::new();
    for r in REQUIRED {
        let probe = (r.access == AccessKind::Read)
            .then(|| answers.probe(r.entity))
            .flatten();
        let (verdict, warning) = prove(r, judge(r, answers.info(r.entity)), probe);
        if verdict.missing() {
            missing.push(format!("{} {}", r.access.verb(), r.entity.label()));
        }
        run.set(r.check, verdict.status, verdict.message);
        run.report.permissions.push(verdict.result);
        run.report.warnings.extend(warning);
    }
    missing
}

/// Names every right beyond need; a failure when the organisation requires least privilege.
pub fn excess_rights<F: Fn(TestEvent)>(
    answers: &Answers,
    required: bool,
    run: &mut Run<'_, F>,
) -> Vec<ExcessPermission> {
    let found = excess(&answers.infos);
    let (status, message) = match (found.len(), required) {
        (0, _) => (
            CheckStatus::Pass,
            "None: the API user can do only what Vectis needs".into(),
        ),
        (n, required) => {
            let words: Vec<String> = found.iter().map(ExcessPermission::words).collect();
            let status = if required {
                CheckStatus::Fail
            } else {
                CheckStatus::Warn
            };
            let policy = if required {
                " Your organisation requires least privilege."
            } else {
                ""
            };
            let message = format!("{n} more than Vectis needs: {}.{policy}", words.join(", "));
            (status, message)
        }
    };
    run.set(CheckId::LeastPrivilege, status, message);
    run.report.excess_permissions = found.clone();
    found
}

/// Names the tenant from its own company (id 0) and the zone lookup's number.
pub fn tenant<F: Fn(TestEvent)>(answers: &Answers, zone: &Zone, run: &mut Run<'_, F>) {
    let own = answers.probe(Entity::Companies);
    let unread = Err(ApiError::Cancelled);
    let tenant = Tenant::from_answers(own.unwrap_or(&unread), zone);
    let named = tenant.as_ref().is_some_and(|t| t.name.is_some());
    let (status, message) = match (&tenant, own) {
        (Some(t), _) if named => (CheckStatus::Pass, t.describe()),
        (_, Some(Err(e))) => (
            CheckStatus::Warn,
            format!(
                "Could not read the tenant's own company: {}",
                e.to_ipc().message
            ),
        ),
        _ => (
            CheckStatus::Warn,
            "The tenant's own company (id 0) was not found.".into(),
        ),
    };
    run.set(CheckId::Tenant, status, message);
    run.report.tenant = tenant;
}

pub fn usage<F: Fn(TestEvent)>(answer: &Result<Value, ApiError>, run: &mut Run<'_, F>) {
    let u = match answer {
        Ok(u) => u,
        Err(e) => {
            let message = format!("Could not read API usage: {}", e.to_ipc().message);
            return run.set(CheckId::Usage, CheckStatus::Warn, message);
        }
    };
    let n = |k: &str| u.get(k).and_then(Value::as_u64);
    let usage = Usage {
        used: n("currentTimeframeRequestCount").unwrap_or(0),
        limit: n("externalRequestThreshold").unwrap_or(10_000),
        window_minutes: n("requestThresholdTimeframe").unwrap_or(60),
    };
    let share = usage.used as f64 / usage.limit.max(1) as f64;
    let message = format!(
        "{} of {} requests in the last {} minutes",
        usage.used, usage.limit, usage.window_minutes
    );
    // Autotask slows every request down from 50% of the threshold on.
    let status = if share >= 0.5 {
        CheckStatus::Warn
    } else {
        CheckStatus::Pass
    };
    run.set(CheckId::Usage, status, message);
    run.report.usage = Some(usage);
}

pub fn ticket_options<F: Fn(TestEvent)>(
    answer: Result<TicketOptions, ApiError>,
    run: &mut Run<'_, F>,
) -> Option<TicketOptions> {
    match answer {
        Ok(o) => {
            // The required lists' sizes: "5 queues, 12 categories".
            let required = o.lists.iter().filter(|(spec, _)| spec.required);
            let counts: Vec<String> = required
                .map(|(spec, list)| format!("{} {}", list.choices.len(), spec.list_key))
                .collect();
            let message = counts.join(", ");
            run.set(CheckId::TicketOptions, CheckStatus::Pass, message);
            Some(o)
        }
        Err(e) => {
            let message = format!(
                "Could not load the lists: {} You can still type IDs.",
                e.to_ipc().message
            );
            run.set(CheckId::TicketOptions, CheckStatus::Warn, message);
            None
        }
    }
}
