//! Which calls under `V1.0/` exist, decided from the path and verb alone, before sign-in, as
//! ASP.NET's routing decides it: an unknown route is a 404 and a known route with a verb it
//! lacks a 405, whoever asks and whatever credentials come with it (docs/autotask-api.md,
//! "Errors and status codes"). Nothing here signs in, counts a wrong secret or uses a thread.

use axum::http::Method;

use crate::state::{SimState, DATA_ENTITIES};

/// A call the simulator answers once the caller has signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Route {
    Version,
    ThresholdInformation,
    /// An entity call; the entity in its canonical spelling (`TicketNotes`).
    Entity(&'static str, Action),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Action {
    /// `<Entity>/entityInformation`
    Info,
    /// `<Entity>/entityInformation/fields`
    Fields,
    /// `<Entity>/entityInformation/userDefinedFields`
    UserDefinedFields,
    /// `<Entity>/query`, `/query/count`, `/query/next`
    Query(Page),
    /// `POST Tickets`
    CreateTicket,
    /// `POST Tickets/{id}/Notes`
    CreateNote(i64),
    /// `TicketCategories/{id}/FieldDefaults`
    FieldDefaults(i64),
    /// `<Entity>/{id}`
    Get(i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Page {
    First,
    Count,
    Next,
}

/// Why a path has no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Miss {
    /// No such route: 404.
    NotFound,
    /// The route exists, not with this verb (or the simulator does not model the verb): 405.
    NotAllowed,
}

/// Entities with child notes (`<Entity>/{id}/Notes`).
const WITH_NOTES: [&str; 3] = ["Companies", "Contracts", "Tickets"];

/// Resolves `rest`, the lower-cased path after `v1.0`.
pub(super) fn resolve(state: &SimState, method: &Method, rest: &[&str]) -> Result<Route, Miss> {
    let get = method == Method::GET;
    match rest {
        // Only newer zones have `Version`; on older ones it is no route at all.
        ["version"] if state.settings().has_version_endpoint => allow(get, Route::Version),
        ["thresholdinformation"] => allow(get, Route::ThresholdInformation),
        [first, tail @ ..] => {
            let entity = canonical_entity(first).ok_or(Miss::NotFound)?;
            Ok(Route::Entity(entity, entity_action(entity, method, tail)?))
        }
        [] => Err(Miss::NotFound),
    }
}

fn entity_action(entity: &str, method: &Method, tail: &[&str]) -> Result<Action, Miss> {
    let (get, post) = (method == Method::GET, method == Method::POST);
    match tail {
        // Notes are created under `Tickets/{id}/Notes`; the top-level entity has no such route.
        [] if entity == "TicketNotes" => Err(Miss::NotFound),
        [] => allow(post && entity == "Tickets", Action::CreateTicket),
        ["entityinformation"] => allow(get, Action::Info),
        ["entityinformation", "fields"] => allow(get, Action::Fields),
        ["entityinformation", "userdefinedfields"] => allow(get, Action::UserDefinedFields),
        ["query"] => allow(get || post, Action::Query(Page::First)),
        ["query", "count"] => allow(get || post, Action::Query(Page::Count)),
        ["query", "next"] => allow(get || post, Action::Query(Page::Next)),
        [id] => allow(get, Action::Get(parse_id(id)?)),
        [id, "notes"] if WITH_NOTES.contains(&entity) => {
            let id = parse_id(id)?;
            allow(post && entity == "Tickets", Action::CreateNote(id))
        }
        [id, "fielddefaults"] if entity == "TicketCategories" => {
            allow(get, Action::FieldDefaults(parse_id(id)?))
        }
        _ => Err(Miss::NotFound),
    }
}

fn allow<T>(ok: bool, answer: T) -> Result<T, Miss> {
    if ok {
        Ok(answer)
    } else {
        Err(Miss::NotAllowed)
    }
}

/// Route ids are integers; anything else matches no route.
fn parse_id(id: &str) -> Result<i64, Miss> {
    id.parse().map_err(|_| Miss::NotFound)
}

fn canonical_entity(name: &str) -> Option<&'static str> {
    DATA_ENTITIES
        .iter()
        .copied()
        .find(|e| e.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Fixture;

    fn resolve_on(method: Method, path: &str) -> Result<Route, Miss> {
        let state = SimState::new(Fixture::default_demo());
        let rest: Vec<&str> = path.split('/').collect();
        resolve(&state, &method, &rest)
    }

    #[test]
    fn routes_resolve_from_path_and_verb() {
        use Action::*;
        let cases = [
            (Method::GET, "version", Ok(Route::Version)),
            (Method::POST, "version", Err(Miss::NotAllowed)),
            (
                Method::POST,
                "tickets",
                Ok(Route::Entity("Tickets", CreateTicket)),
            ),
            (Method::POST, "companies", Err(Miss::NotAllowed)),
            (Method::POST, "ticketnotes", Err(Miss::NotFound)),
            (Method::PATCH, "ticketnotes", Err(Miss::NotFound)),
            (
                Method::GET,
                "ticketnotes/7",
                Ok(Route::Entity("TicketNotes", Get(7))),
            ),
            (
                Method::POST,
                "tickets/7/notes",
                Ok(Route::Entity("Tickets", CreateNote(7))),
            ),
            (Method::POST, "companies/7/notes", Err(Miss::NotAllowed)),
            (Method::POST, "resources/7/notes", Err(Miss::NotFound)),
            (Method::GET, "tickets/abc", Err(Miss::NotFound)),
            (Method::DELETE, "tickets/7", Err(Miss::NotAllowed)),
            (Method::GET, "widgets/query", Err(Miss::NotFound)),
            (Method::GET, "tickets/query/sideways", Err(Miss::NotFound)),
            (
                Method::GET,
                "ticketcategories/3/fielddefaults",
                Ok(Route::Entity("TicketCategories", FieldDefaults(3))),
            ),
        ];
        for (method, path, expected) in cases {
            assert_eq!(
                resolve_on(method.clone(), path),
                expected,
                "{method} {path}"
            );
        }
    }
}
