//! The ranked table of a round (computed by `selection::ranking` from the submitted reviews and
//! kept until they change), its CSV, each entry's results for staff, and the discussion of an
//! entry among staff and its reviewers.

use std::collections::HashMap;

use sqlx::PgPool;

use super::super::domain::{Comment, Criterion, Ranking, Review, Round, Score};
use super::super::ranking::{self, Scale, ScoredReview};
use super::super::store::{self, RankingRow};
use super::assignment::managed_round;
use super::reviews::standing;
use crate::audit;
use crate::calls;
use crate::calls::domain::Call;
use crate::db::wall::TenantTx;
use crate::error::AppError;
use crate::ids::{ReviewId, RoundId, SubmissionId, UserId};
use crate::spreadsheet::{CsvFile, CsvTable};
use crate::tenancy::access::Access;
use crate::tenancy::policy::{self, Action};

/// Brings the round's ranked table up to date with its reviews, in `tx`: nothing when it is
/// current, else it is computed again (under the round's lock, so that a review saved meanwhile
/// marks it out of date again rather than being missed).
pub(in crate::selection) async fn recompute_if_stale(tx: &mut TenantTx, round: &Round) -> Result<(), AppError> {
    let Some((version, current)) = store::lock_results(tx, round.id).await? else { return Err(AppError::NotFound) };
    if current {
        return Ok(());
    }
    let rubric = store::criteria(tx, round.id).await?;
    let entries = store::entry_ids(tx, round.id).await?;
    let scores = store::submitted_scores(tx, round.id).await?;
    let rows = compute(&rubric, &entries, &scores, f64::from(round.disagreement_at));
    store::replace_ranking(tx, round.id, &rows, version).await?;
    Ok(())
}

/// The ranked table's rows from the plain lists the store reads: the rubric, the entries, and
/// every score of a submitted review as (entry, reviewer, criterion, score).
fn compute(
    rubric: &[Criterion],
    entries: &[SubmissionId],
    scores: &[(SubmissionId, UserId, crate::ids::CriterionId, Option<i32>)],
    disagreement_at: f64,
) -> Vec<RankingRow> {
    let scales: Vec<Scale> =
        rubric.iter().map(|c| Scale { weight: f64::from(c.weight), min: c.scale_min, max: c.scale_max }).collect();
    let criterion_index: HashMap<_, usize> = rubric.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let entry_index: HashMap<SubmissionId, usize> = entries.iter().enumerate().map(|(i, e)| (*e, i)).collect();
    let mut reviewer_index: HashMap<UserId, usize> = HashMap::new();
    let mut reviews: Vec<ScoredReview> = Vec::new();
    let mut last: Option<(SubmissionId, UserId)> = None;
    for &(entry, reviewer, criterion, score) in scores {
        let Some(&e) = entry_index.get(&entry) else { continue };
        if last != Some((entry, reviewer)) {
            let next = reviewer_index.len();
            let r = *reviewer_index.entry(reviewer).or_insert(next);
            reviews.push(ScoredReview { entry: e, reviewer: r, scores: vec![None; scales.len()] });
            last = Some((entry, reviewer));
        }
        if let (Some(review), Some(&c)) = (reviews.last_mut(), criterion_index.get(&criterion)) {
            review.scores[c] = score;
        }
    }
    let ranked = ranking::rank(&scales, &reviews, entries.len(), disagreement_at);
    let mut normalised_order: Vec<usize> = (0..ranked.len()).collect();
    normalised_order
        .sort_by_key(|&i| (ranked[i].normalised_rank.is_none(), ranked[i].normalised_rank, ranked[i].entry));
    let mut normalised_position = vec![0; ranked.len()];
    for (place, &i) in normalised_order.iter().enumerate() {
        normalised_position[i] = place as i32 + 1;
    }
    ranked
        .iter()
        .enumerate()
        .map(|(place, row)| RankingRow {
            submission_id: entries[row.entry],
            reviews: row.reviews as i32,
            total: row.total,
            criterion_means: row.criterion_means.clone(),
            spread: row.spread,
            disagreement: row.disagreement,
            normalised: row.normalised,
            rank: row.rank.map(|r| r as i32),
            normalised_rank: row.normalised_rank.map(|r| r as i32),
            position: place as i32 + 1,
            normalised_position: normalised_position[place],
        })
        .collect()
}

/// The entries of the round the reader has a conflict of interest with as one of its reviewers
/// (none when they do not review in it): those whose results `policy::may_read_results` keeps
/// from them, so the ranked table and its exports leave them out.
pub(in crate::selection) async fn conflicted_entries(
    db: &mut TenantTx,
    access: &Access,
    round: &Round,
) -> Result<Vec<SubmissionId>, AppError> {
    let user = access.user()?.id;
    // Staff seldom review: one indexed read settles it for most, before the conflicts' joins.
    if store::reviewer_membership(db, round.id, user).await?.is_none() {
        return Ok(Vec::new());
    }
    let mut conflicted = store::recorded_conflicts_of(db, round.id, user).await?;
    let automatic = store::automatic_conflicts(db, round.id, round.conflict_same_country, None, Some(user)).await?;
    conflicted.extend(automatic.into_iter().map(|(entry, ..)| entry));
    conflicted.sort();
    conflicted.dedup();
    Ok(conflicted)
}

/// 403 unless the reader may read the entry's results (`policy::may_read_results`).
async fn authorize_results(
    db: &mut TenantTx,
    access: &Access,
    round: &Round,
    submission: SubmissionId,
) -> Result<(), AppError> {
    let conflicted = conflicted_entries(db, access, round).await?.contains(&submission);
    if policy::may_read_results(&access.actor, conflicted) { Ok(()) } else { Err(AppError::Forbidden) }
}

/// The round for staff, its ranked table brought up to date first, in the caller's transaction
/// (which must commit when it computed; the readers below commit at their end either way).
async fn refreshed(db: &mut TenantTx, access: &Access, id: RoundId) -> Result<Round, AppError> {
    let round = managed_round(db, access, id, false).await?;
    if !store::ranking_is_current(db, id).await? {
        recompute_if_stale(db, &round).await?;
    }
    Ok(round)
}

/// One page of a round's ranked table.
pub struct RankedTable {
    pub call: Call,
    pub round: Round,
    pub rubric: Vec<Criterion>,
    pub rows: Vec<Ranking>,
    /// The position after which the next page starts, when there is one.
    pub next: Option<i32>,
    pub normalised: bool,
    /// Entries left out because the reader has a conflict of interest with them.
    pub hidden: usize,
}

/// A page of the ranked table (50 rows after position `after`), in the raw or normalised order
/// (staff).
pub async fn ranked_table(
    pool: &PgPool,
    access: &Access,
    id: RoundId,
    normalised: bool,
    after: Option<i32>,
) -> Result<RankedTable, AppError> {
    let mut db = access.db(pool).await?;
    let round = refreshed(&mut db, access, id).await?;
    let call = calls::service::call_by_id(&mut db, round.call_id).await?;
    let rubric = store::criteria(&mut db, id).await?;
    let hidden = conflicted_entries(&mut db, access, &round).await?;
    let mut rows =
        store::ranking_page(&mut db, id, normalised, after, crate::db::cursor::PAGE_SIZE + 1, &hidden).await?;
    let next = if rows.len() as i64 > crate::db::cursor::PAGE_SIZE {
        rows.truncate(crate::db::cursor::PAGE_SIZE as usize);
        rows.last().map(|r| if normalised { r.normalised_position } else { r.position })
    } else {
        None
    };
    db.commit().await?;
    Ok(RankedTable { call, round, rubric, rows, next, normalised, hidden: hidden.len() })
}

/// The whole ranked table as CSV (staff): rank, normalised_rank, title, organisation, country,
/// reviews, total, each criterion's mean (headed by its name), normalised_score, spread,
/// disagreement, shortlisted. Numbers with a decimal point, two places; a text starting with a formula sign
/// is quoted with an apostrophe, as the submissions export does.
pub async fn ranking_csv(pool: &PgPool, access: &Access, id: RoundId) -> Result<CsvFile, AppError> {
    let mut db = access.db(pool).await?;
    let round = refreshed(&mut db, access, id).await?;
    let rubric = store::criteria(&mut db, id).await?;
    let hidden = conflicted_entries(&mut db, access, &round).await?;
    let rows = store::ranking_page(&mut db, id, false, None, i64::MAX, &hidden).await?;
    let mut heading: Vec<String> =
        ["rank", "normalised_rank", "title", "organisation", "country", "reviews", "total"].map(String::from).to_vec();
    heading.extend(rubric.iter().map(|c| c.name.clone()));
    heading.extend(["normalised_score", "spread", "disagreement", "shortlisted"].map(String::from));
    let mut table = CsvTable::new(&heading)?;
    for row in &rows {
        let mut record = vec![
            row.rank.map(|r| r.to_string()).unwrap_or_default(),
            row.normalised_rank.map(|r| r.to_string()).unwrap_or_default(),
            CsvTable::text(&row.title),
            CsvTable::text(&row.organisation_name),
            row.country_code.clone(),
            row.reviews.to_string(),
            figure(row.total),
        ];
        record.extend(row.criterion_means.iter().map(|m| figure(*m)));
        record.extend([
            figure(row.normalised),
            format!("{:.2}", row.spread),
            row.disagreement.to_string(),
            row.shortlisted.to_string(),
        ]);
        table.row(&record)?;
    }
    db.commit().await?;
    table.finish("ranking", &round.name)
}

/// A figure as the CSVs write it: two decimal places, empty when there is none.
pub(in crate::selection) fn figure(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.2}")).unwrap_or_default()
}

/// A review of an entry as staff read it: with its reviewer's name, note and scores.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ReviewForStaff {
    #[serde(flatten)]
    pub review: Review,
    pub reviewer_name: String,
    pub scores: Vec<Score>,
}

/// An entry's results in a round, for staff: its row of the ranked table, every review, and the
/// discussion.
pub struct EntryResults {
    pub call: Call,
    pub round: Round,
    pub rubric: Vec<Criterion>,
    pub ranking: Option<Ranking>,
    pub reviews: Vec<ReviewForStaff>,
    pub comments: Vec<Comment>,
    /// Whether staff put the entry on the round's short list.
    pub shortlisted: bool,
}

pub async fn entry_results(
    pool: &PgPool,
    access: &Access,
    id: RoundId,
    submission: SubmissionId,
) -> Result<EntryResults, AppError> {
    let mut db = access.db(pool).await?;
    let round = refreshed(&mut db, access, id).await?;
    if !store::is_entry(&mut db, id, submission).await? {
        return Err(AppError::NotFound);
    }
    authorize_results(&mut db, access, &round, submission).await?;
    let call = calls::service::call_by_id(&mut db, round.call_id).await?;
    let rubric = store::criteria(&mut db, id).await?;
    let ranking = store::ranking_of(&mut db, id, submission).await?;
    let reviews = store::reviews_of_entry(&mut db, id, submission).await?;
    let ids: Vec<ReviewId> = reviews.iter().map(|(r, _)| r.id).collect();
    let scores = store::scores_of(&mut db, &ids).await?;
    let reviews = reviews
        .into_iter()
        .map(|(review, reviewer_name)| ReviewForStaff {
            scores: scores.iter().filter(|(r, _)| *r == review.id).map(|(_, s)| s.clone()).collect(),
            review,
            reviewer_name,
        })
        .collect();
    let comments = store::comments(&mut db, id, submission).await?;
    let shortlisted = store::is_shortlisted(&mut db, id, submission).await?;
    db.commit().await?;
    Ok(EntryResults { call, round, rubric, ranking, reviews, comments, shortlisted })
}

/// Whether the person may take part in the discussion of an entry: staff, or a reviewer of it
/// who has submitted their review (as for reading the other reviews).
async fn may_discuss(
    db: &mut TenantTx,
    access: &Access,
    round: &Round,
    submission: SubmissionId,
) -> Result<(), AppError> {
    if access.can(Action::ManageSelection) {
        return authorize_results(db, access, round, submission).await;
    }
    let user = access.user()?.id;
    let standing = standing(db, round, submission, user).await?;
    if policy::may_read_other_reviews(&access.actor, standing) { Ok(()) } else { Err(AppError::Forbidden) }
}

/// The discussion of an entry, for staff and for its reviewers once they have submitted.
pub async fn discussion(
    db: &mut TenantTx,
    access: &Access,
    id: RoundId,
    submission: SubmissionId,
) -> Result<Vec<Comment>, AppError> {
    access.user()?;
    let round = store::round(db, id, false).await?.ok_or(AppError::NotFound)?;
    may_discuss(db, access, &round, submission).await?;
    Ok(store::comments(db, id, submission).await?)
}

/// Adds a comment to the discussion of an entry (1–5,000 characters), audited.
pub async fn add_comment(
    pool: &PgPool,
    access: &Access,
    id: RoundId,
    submission: SubmissionId,
    body: &str,
) -> Result<(), AppError> {
    let author = access.user()?.id;
    let mut tx = access.db(pool).await?;
    let round = store::round(&mut tx, id, false).await?.ok_or(AppError::NotFound)?;
    may_discuss(&mut tx, access, &round, submission).await?;
    if !store::is_entry(&mut tx, id, submission).await? {
        return Err(AppError::NotFound);
    }
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::invalid("body", "error-comment-missing"));
    }
    if body.chars().count() > 5000 {
        return Err(AppError::invalid("body", "error-comment-too-long"));
    }
    store::insert_comment(&mut tx, id, submission, author, body).await?;
    let details = serde_json::json!({ "round": id });
    audit::record(&mut tx, access.audit("round.comment_added", "submission", submission).details(details)).await?;
    tx.commit().await?;
    Ok(())
}

/// `?order=normalised` for the normalised ranking (else the raw one), `?after=` a position.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RankingQuery {
    /// `raw` (the default) or `normalised`.
    pub order: Option<String>,
    /// The position after which the page starts (from the previous page's `next`).
    pub after: Option<String>,
}

impl RankingQuery {
    pub fn normalised(&self) -> bool {
        self.order.as_deref() == Some("normalised")
    }
    /// An unreadable position reads as the first page, as every cursor does.
    pub fn after(&self) -> Option<i32> {
        self.after.as_deref().and_then(|a| a.parse().ok()).filter(|a| *a > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::CriterionId;

    fn criterion(weight: i32) -> Criterion {
        Criterion {
            id: CriterionId::new(),
            position: 0,
            name: String::new(),
            description: String::new(),
            weight,
            scale_min: 1,
            scale_max: 5,
            anchors: vec![String::new(); 5],
        }
    }

    #[test]
    fn rows_carry_both_orders_and_unreviewed_entries_come_last() {
        let rubric = vec![criterion(1)];
        let entries = vec![SubmissionId::new(), SubmissionId::new(), SubmissionId::new()];
        let (harsh, lenient) = (UserId::new(), UserId::new());
        let c = rubric[0].id;
        // The harsh reviewer gives entry 0 their best (3) and entry 1 their worst (1); the lenient
        // one gives entry 1... nothing: entry 1 is only the harsh one's. Entry 2 has no review.
        let scores = vec![
            (entries[0], harsh, c, Some(3)),
            (entries[0], lenient, c, Some(5)),
            (entries[1], harsh, c, Some(1)),
            (entries[1], lenient, c, Some(5)),
        ];
        let rows = compute(&rubric, &entries, &scores, 25.0);
        assert_eq!(rows.len(), 3);
        let row = |e: SubmissionId| rows.iter().find(|r| r.submission_id == e).unwrap();
        // Raw: entry 0 (75) before entry 1 (50); entry 2 unranked, last.
        assert_eq!((row(entries[0]).position, row(entries[1]).position, row(entries[2]).position), (1, 2, 3));
        assert_eq!(row(entries[2]).rank, None);
        assert_eq!(row(entries[1]).spread, 100.0);
        assert!(row(entries[1]).disagreement);
        // Positions are unique in both orders.
        let mut normalised: Vec<i32> = rows.iter().map(|r| r.normalised_position).collect();
        normalised.sort();
        assert_eq!(normalised, vec![1, 2, 3]);
    }
}
