//! The 2024 edition's selection: both calls' reasons for ineligibility, every submitted entry
//! screened (a few generated ones found ineligible, with their reason), and the two review rounds
//! with their rubrics — the challenge round of February 2024 (blind, three reviews per entry) and
//! the solution round of April–May 2024 (two reviews, reviewers from an entry's country
//! conflicted). The rubrics follow what the seed account says OPSI looked for: relevance to the
//! programme, potential to learn from peers abroad, feasibility, and the team's commitment.

use chrono::{TimeZone, Utc};

use crate::db::wall::TenantTx;
use crate::ids::{CallId, SubmissionId, UserId};
use crate::ids::{CriterionId, RoundId};
use crate::selection;
use crate::selection::domain::{Outcome, Participation, Preference, Recommendation};
use crate::selection::seed::{CriterionFields, RoundFields, ScreeningFields};

/// The calls, their submitted entries (the ones to find ineligible among them), and who screens.
pub struct Selection<'a> {
    pub challenge_call: CallId,
    pub challenges: &'a [SubmissionId],
    pub solution_call: CallId,
    pub solutions: &'a [SubmissionId],
    pub staff: UserId,
    /// The review panel of both rounds.
    pub panel: &'a [UserId],
}

const REASONS: [&str; 3] = [
    "Not submitted by a public-sector team",
    "Outside the programme's themes",
    "Already solved: a team abroad could not add to it",
];

fn anchors(texts: [&str; 5]) -> Vec<String> {
    texts.map(String::from).into()
}

pub async fn load(db: &mut TenantTx, selection: &Selection<'_>) -> anyhow::Result<()> {
    let reasons: Vec<String> = REASONS.map(String::from).into();
    for (call, entries) in
        [(selection.challenge_call, selection.challenges), (selection.solution_call, selection.solutions)]
    {
        selection::seed::screening_reasons(db, call, &reasons).await?;
        for (index, &entry) in entries.iter().enumerate() {
            // Every thirteenth generated entry falls short: the four selected ones come first.
            let ineligible = index >= 4 && index % 13 == 0;
            let fields = ScreeningFields {
                eligible: !ineligible,
                reason: ineligible.then_some(REASONS[index % REASONS.len()]),
                note: "",
                screened_by: selection.staff,
            };
            selection::seed::screen(db, entry, &fields).await?;
        }
    }

    let challenge_round = selection::seed::insert_round(
        db,
        selection.challenge_call,
        &RoundFields {
            name: "Challenge selection",
            instructions: "Score each challenge against the four criteria, using the anchors. Write what a team abroad could bring to it in your comments: the board reads them before the short list.",
            opens_at: Utc.with_ymd_and_hms(2024, 2, 1, 8, 0, 0).unwrap(),
            closes_at: Utc.with_ymd_and_hms(2024, 2, 16, 17, 0, 0).unwrap(),
            reviews_per_entry: 3,
            blind: true,
            conflict_same_country: false,
            disagreement_at: 25,
            remind_hours_before: 48,
        },
    )
    .await?;
    let challenge_rubric = [
        (
            "Relevance",
            "How public and how pressing the problem is, and how well it fits the programme's themes.",
            3,
            ["Not a public problem", "Marginal", "Relevant", "Important", "Central and urgent"],
        ),
        (
            "Learning from peers",
            "How likely a team abroad has solved something similar and could help.",
            3,
            ["Unlikely", "Doubtful", "Possible", "Likely", "Certain: we know who"],
        ),
        (
            "Feasibility",
            "Whether the team can try something new within the programme's year.",
            2,
            ["No room to act", "Little room", "Some room", "Clear mandate", "Mandate and resources"],
        ),
        (
            "Commitment",
            "Who stands behind the challenge: a named team with time set aside.",
            2,
            ["Nobody named", "An individual", "A team", "A team with time", "A team with time and sponsors"],
        ),
    ];
    let mut challenge_criteria = Vec::new();
    for (name, description, weight, texts) in challenge_rubric {
        let anchors = anchors(texts);
        let fields = CriterionFields { name, description, weight, scale_min: 1, scale_max: 5, anchors: &anchors };
        challenge_criteria.push(selection::seed::insert_criterion(db, challenge_round, &fields).await?);
    }
    // The panel and the staff member review every eligible challenge three times. The first
    // reviewer was eager for the four challenges that were selected and declared a conflict
    // with one generated entry.
    selection::seed::add_eligible_entries(db, challenge_round, selection.challenge_call).await?;
    for &reviewer in selection.panel.iter().chain([&selection.staff]) {
        selection::seed::add_reviewer(db, challenge_round, reviewer).await?;
    }
    if let Some(&first) = selection.panel.first() {
        for &entry in &selection.challenges[..4] {
            selection::seed::preference(db, challenge_round, (entry, first), Preference::Eager, "").await?;
        }
        let conflicted = (selection.challenges[5], first);
        let reason = "Worked with this team on its pilot last year";
        selection::seed::preference(db, challenge_round, conflicted, Preference::Conflict, reason).await?;
    }
    selection::seed::assign_automatically(db, challenge_round, selection.staff).await?;
    let reviewed = Utc.with_ymd_and_hms(2024, 2, 12, 10, 0, 0).unwrap();
    score_round(db, challenge_round, &challenge_criteria, (selection.challenges, 4), selection, reviewed).await?;
    if let Some(&first) = selection.panel.first() {
        let discussed = (selection.challenges[0], selection.staff);
        let body = "A strong candidate. The board will ask how the digital tools connect with the in-person processes: worth asking the team before the short list.";
        selection::seed::comment(db, challenge_round, discussed, body).await?;
        let reply =
            "Agreed. Their pilot in two peripheries answers part of it; the rest is what a peer abroad could bring.";
        selection::seed::comment(db, challenge_round, (selection.challenges[0], first), reply).await?;
    }
    selection::seed::rank(db, challenge_round).await?;
    let challenges_released = Utc.with_ymd_and_hms(2024, 2, 20, 9, 0, 0).unwrap();
    decide_all(db, (selection.challenge_call, challenge_round), selection.challenges, selection, challenges_released)
        .await?;
    selection::seed::decision_template(
        db,
        selection.challenge_call,
        Outcome::Selected,
        "Innovation Incubator 2024: \"{title}\" is one of the four selected challenges",
        "Dear {team},\n\nOut of 72 challenges from 25 countries, \"{title}\" is one of the four that {programme} will take on. Over the coming weeks we will look for teams abroad that have solved something like it, and match you with two of them.\n\nThe OPSI team",
    )
    .await?;

    let solution_round = selection::seed::insert_round(
        db,
        selection.solution_call,
        &RoundFields {
            name: "Solution selection",
            instructions: "Score each offer against the challenge it offers to help. Two providers are selected per challenge.",
            opens_at: Utc.with_ymd_and_hms(2024, 4, 16, 8, 0, 0).unwrap(),
            closes_at: Utc.with_ymd_and_hms(2024, 5, 3, 17, 0, 0).unwrap(),
            reviews_per_entry: 2,
            blind: false,
            conflict_same_country: true,
            disagreement_at: 30,
            remind_hours_before: 72,
        },
    )
    .await?;
    let solution_rubric = [
        (
            "Similar experience",
            "How close the provider's experience is to the challenge.",
            2,
            ["Unrelated", "Distant", "Related", "Close", "The same problem, solved"],
        ),
        (
            "Evidence of results",
            "What the provider can show of what worked and what did not.",
            1,
            ["None", "Anecdotes", "Some data", "An evaluation", "Evaluated and published"],
        ),
        (
            "Capacity to share",
            "Time and people the provider can give the challenge owner over the year.",
            1,
            ["None", "A call or two", "Occasional", "Regular", "A named team, monthly"],
        ),
    ];
    let mut solution_criteria = Vec::new();
    for (name, description, weight, texts) in solution_rubric {
        let anchors = anchors(texts);
        let fields = CriterionFields { name, description, weight, scale_min: 1, scale_max: 5, anchors: &anchors };
        solution_criteria.push(selection::seed::insert_criterion(db, solution_round, &fields).await?);
    }
    selection::seed::add_eligible_entries(db, solution_round, selection.solution_call).await?;
    for &reviewer in selection.panel {
        selection::seed::add_reviewer(db, solution_round, reviewer).await?;
    }
    if let Some(&last) = selection.panel.last() {
        let reason = "Sits on the board of this provider";
        selection::seed::staff_conflict(db, solution_round, (selection.solutions[1], last), reason, selection.staff)
            .await?;
    }
    selection::seed::assign_automatically(db, solution_round, selection.staff).await?;
    let reviewed = Utc.with_ymd_and_hms(2024, 4, 29, 10, 0, 0).unwrap();
    score_round(db, solution_round, &solution_criteria, (selection.solutions, 8), selection, reviewed).await?;
    selection::seed::rank(db, solution_round).await?;
    let solutions_released = Utc.with_ymd_and_hms(2024, 5, 10, 9, 0, 0).unwrap();
    decide_all(db, (selection.solution_call, solution_round), selection.solutions, selection, solutions_released)
        .await?;
    Ok(())
}

/// The 2024 decisions of a call, released: the first four challenges (or eight offers) selected
/// and confirmed, the next three eligible ones waitlisted in order, the rest rejected; an
/// ineligible entry is rejected with its screening reason.
async fn decide_all(
    db: &mut TenantTx,
    (call, round): (CallId, RoundId),
    entries: &[SubmissionId],
    selection: &Selection<'_>,
    released: chrono::DateTime<Utc>,
) -> anyhow::Result<()> {
    let selected = if call == selection.challenge_call { 4 } else { 8 };
    let mut waitlisted = 0;
    for (index, &entry) in entries.iter().enumerate() {
        let ineligible = index >= 4 && index % 13 == 0;
        let (outcome, rationale, position, answer) = if ineligible {
            (Outcome::Rejected, "Not eligible: see the screening.", None, None)
        } else if index < selected {
            (
                Outcome::Selected,
                "Ranked among the first by the panel; the board agreed.",
                None,
                Some(Participation::Confirmed),
            )
        } else if waitlisted < 3 {
            waitlisted += 1;
            (Outcome::Waitlisted, "Next in the ranking, should a place free up.", Some(waitlisted), None)
        } else {
            (Outcome::Rejected, "Below the places available in the ranking.", None, None)
        };
        let round = (!ineligible).then_some(round);
        selection::seed::released_decision(
            db,
            (call, round),
            entry,
            (outcome, rationale, position),
            selection.staff,
            released,
            answer,
        )
        .await?;
    }
    Ok(())
}

/// Every assignment of the round reviewed and submitted. Scores are illustrative and
/// deterministic: the first `high` entries of `entries` (the ones the seed says were selected)
/// score high, the others low; each panel member leans
/// harsh, neutral or lenient by a point, which the ranked table's normalised scores correct.
async fn score_round(
    db: &mut TenantTx,
    round: RoundId,
    criteria: &[CriterionId],
    (entries, high): (&[SubmissionId], usize),
    selection: &Selection<'_>,
    reviewed: chrono::DateTime<Utc>,
) -> anyhow::Result<()> {
    const COMMENTS: [&str; 5] = [
        "Not convincing on this point.",
        "Weak: the entry says little about it.",
        "Adequate, with questions left open.",
        "Strong, with concrete examples.",
        "Outstanding: clear, specific and well evidenced.",
    ];
    for (index, (entry, reviewer)) in selection::seed::assignments(db, round).await?.into_iter().enumerate() {
        let position = entries.iter().position(|e| *e == entry).unwrap_or(entries.len());
        let lean = match selection.panel.iter().position(|p| *p == reviewer) {
            Some(0) => -1,
            Some(2) => 1,
            _ => 0,
        };
        let base = if position < high { 4 } else { 1 + (position % 2) as i32 };
        let scores: Vec<(CriterionId, i32, String)> = criteria
            .iter()
            .enumerate()
            .map(|(c, criterion)| {
                let score = (base + lean + ((index + c) % 2) as i32).clamp(1, 5);
                (*criterion, score, COMMENTS[(score - 1) as usize].to_string())
            })
            .collect();
        let mean = scores.iter().map(|s| s.1).sum::<i32>() as f64 / scores.len().max(1) as f64;
        let recommendation = match mean {
            m if m >= 4.5 => Recommendation::StronglySupport,
            m if m >= 3.5 => Recommendation::Support,
            m if m >= 2.5 => Recommendation::Reservations,
            _ => Recommendation::Oppose,
        };
        let at = reviewed + chrono::Duration::minutes((index * 7) as i64);
        selection::seed::submitted_review(db, round, (entry, reviewer), &scores, recommendation, at).await?;
    }
    Ok(())
}
