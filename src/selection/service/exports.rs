//! A round's CSV exports for staff besides the ranked table: every review with its scores and
//! comments, and every pair of entry and reviewer with its assignment, preference, conflict of
//! interest and review status. Staff read these unblinded, as they read the pages.

use std::collections::HashMap;

use sqlx::PgPool;

use super::super::domain::ConflictKind;
use super::super::store;
use super::assignment::managed_round;
use crate::calls;
use crate::error::AppError;
use crate::ids::{ReviewId, RoundId};
use crate::programmes;
use crate::spreadsheet::{CsvFile, CsvTable, time_cell};
use crate::tenancy::access::Access;

/// Every review of the round, drafts included (staff): title, organisation, country, reviewer,
/// status, recommendation, submitted and updated times (in the programme's time zone, named in
/// the heading), then a score and a comment column per criterion of the rubric in its order, then
/// the note to staff. One row per review, by entry title then reviewer name; none of an entry the
/// reader has a conflict of interest with as a reviewer of the round.
pub async fn reviews_csv(pool: &PgPool, access: &Access, id: RoundId) -> Result<CsvFile, AppError> {
    let mut db = access.db(pool).await?;
    let round = managed_round(&mut db, access, id, false).await?;
    let call = calls::service::call_by_id(&mut db, round.call_id).await?;
    let zone = programmes::service::programme_by_id(&mut db, call.programme_id).await?.time_zone;
    let rubric = store::criteria(&mut db, id).await?;
    // Reviews of an entry the reader is conflicted with stay out, as on the pages.
    let conflicted = super::rankings::conflicted_entries(&mut db, access, &round).await?;
    let reviews = store::reviews_for_export(&mut db, id).await?;
    let reviews = reviews.into_iter().filter(|r| !conflicted.contains(&r.submission_id));
    let mut scores: HashMap<(ReviewId, crate::ids::CriterionId), (Option<i32>, String)> = HashMap::new();
    for (review, criterion, score, comment) in store::round_scores(&mut db, id).await? {
        scores.insert((review, criterion), (score, comment));
    }
    let mut heading: Vec<String> =
        ["title", "organisation", "country", "reviewer", "status", "recommendation"].map(String::from).to_vec();
    heading.extend(["submitted_at", "updated_at"].map(|name| format!("{name} ({})", zone.name())));
    for criterion in &rubric {
        heading.push(format!("{} (score {}–{})", criterion.name, criterion.scale_min, criterion.scale_max));
        heading.push(format!("{} (comment)", criterion.name));
    }
    heading.push("note_to_staff".to_string());
    let mut table = CsvTable::new(&heading)?;
    for review in reviews {
        let mut row = vec![
            CsvTable::text(&review.title),
            CsvTable::text(&review.organisation_name),
            review.country_code.clone(),
            CsvTable::text(&review.reviewer_name),
            review.status.as_str().to_string(),
            review.recommendation.map(|r| r.as_str().to_string()).unwrap_or_default(),
            review.submitted_at.map(|t| time_cell(t, zone)).unwrap_or_default(),
            time_cell(review.updated_at, zone),
        ];
        for criterion in &rubric {
            let (score, comment) = scores.get(&(review.id, criterion.id)).cloned().unwrap_or_default();
            row.push(score.map(|s| s.to_string()).unwrap_or_default());
            row.push(CsvTable::text(&comment));
        }
        row.push(CsvTable::text(&review.note_to_staff));
        table.row(&row)?;
    }
    table.finish("reviews", &round.name)
}

/// Every pair of entry and reviewer the round records something of (staff): title, organisation,
/// country, reviewer, assigned (`manual` or `automatic`, empty when not), assigned at, the
/// reviewer's preference, the conflict of interest (`organisation` or `country` read from the
/// memberships, `declared` or `staff` recorded, the recorded one when both apply) and its
/// reason, and the review's status (`none` when assigned but not begun). By entry title then
/// reviewer name.
pub async fn assignments_csv(pool: &PgPool, access: &Access, id: RoundId) -> Result<CsvFile, AppError> {
    let mut db = access.db(pool).await?;
    let round = managed_round(&mut db, access, id, false).await?;
    let call = calls::service::call_by_id(&mut db, round.call_id).await?;
    let zone = programmes::service::programme_by_id(&mut db, call.programme_id).await?.time_zone;
    let automatic: HashMap<_, ConflictKind> =
        store::automatic_conflicts(&mut db, id, round.conflict_same_country, None, None)
            .await?
            .into_iter()
            .map(|(entry, user, _, own)| {
                ((entry, user), if own { ConflictKind::Organisation } else { ConflictKind::Country })
            })
            .collect();
    let more: Vec<_> = automatic.keys().copied().collect();
    let pairs = store::pairs_for_export(&mut db, id, &more).await?;
    let heading = [
        "title".to_string(),
        "organisation".to_string(),
        "country".to_string(),
        "reviewer".to_string(),
        "assigned".to_string(),
        format!("assigned_at ({})", zone.name()),
        "preference".to_string(),
        "conflict".to_string(),
        "conflict_reason".to_string(),
        "review".to_string(),
    ];
    let mut table = CsvTable::new(&heading)?;
    for pair in &pairs {
        // A recorded conflict carries its reason, so it is the one shown when both apply.
        let conflict = pair
            .conflict
            .map(ConflictKind::from)
            .or_else(|| automatic.get(&(pair.submission_id, pair.user_id)).copied());
        let review = match (pair.review_status, pair.method) {
            (Some(status), _) => status.as_str(),
            (None, Some(_)) => "none",
            (None, None) => "",
        };
        table.row(&[
            CsvTable::text(&pair.title),
            CsvTable::text(&pair.organisation_name),
            pair.country_code.clone(),
            CsvTable::text(&pair.reviewer_name),
            pair.method.map(|m| m.as_str().to_string()).unwrap_or_default(),
            pair.assigned_at.map(|t| time_cell(t, zone)).unwrap_or_default(),
            pair.preference.map(|p| p.as_str().to_string()).unwrap_or_default(),
            conflict.map(|c| c.as_str().to_string()).unwrap_or_default(),
            CsvTable::text(pair.conflict_reason.as_deref().unwrap_or_default()),
            review.to_string(),
        ])?;
    }
    table.finish("assignments", &round.name)
}
