//! Inserts without policy, for the demo loader and the tests' fixtures only: no page or API
//! reaches them. Everything else goes through `service.rs`.

use super::domain::{Phase, Programme};
use super::store::{self, ProgrammeFields};
use crate::db::wall::TenantTx;
use crate::i18n::TimeZone;
use crate::ids::{ProgrammeId, ThemeId};

/// The programme with this slug, if the tenant has one.
pub async fn programme(db: &mut TenantTx, slug: &str) -> sqlx::Result<Option<Programme>> {
    store::programme_by_slug(db, slug).await
}

/// A programme edition as given, with its timeline.
pub struct NewProgramme<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub time_zone: TimeZone,
    pub phases: &'a [Phase],
}

pub async fn insert_programme(db: &mut TenantTx, new: NewProgramme<'_>) -> sqlx::Result<ProgrammeId> {
    let id = ProgrammeId::new();
    let fields = ProgrammeFields { slug: new.slug, title: new.title, summary: new.summary, time_zone: new.time_zone };
    store::insert_programme(db, id, &fields).await?;
    store::replace_phases(db, id, new.phases).await?;
    Ok(id)
}

/// A theme of the tenant's taxonomy. Fails on a name the tenant has.
pub async fn insert_theme(db: &mut TenantTx, name: &str) -> sqlx::Result<ThemeId> {
    let id = ThemeId::new();
    store::insert_theme(db, id, name).await?;
    Ok(id)
}
