//! The 2024 Innovation Incubator as the seed account describes it: the edition, its timeline, the
//! call for challenges (the four selected challenges plus generated ones: 72 from 25 countries on
//! every continent but Antarctica) and the call for solutions (the eight providers plus generated
//! ones: 26 from 18 countries), each provider offering help to the challenge the seed pairs it with.
//! Generated organisations are marked "(demo)", each with a member of its own; every entry is
//! written by its organisation's member and dated inside its call's window (the dates are
//! illustrative, spread deterministically).

use std::collections::HashMap;

use chrono::{NaiveDate, TimeZone, Utc};

use super::selection_2024;
use crate::calls::domain::{CallKind, QuestionKind};
use crate::calls::seed::{CallFields, QuestionFields};
use crate::db::wall::TenantTx;
use crate::ids::{CallId, OrganisationId, SubmissionId, UserId};
use crate::programmes::domain::{Phase, PhaseKind};
use crate::programmes::seed::NewProgramme;
use crate::submissions::domain::{Answer, Content, SubmissionStatus};
use crate::tenancy::domain::GovernmentLevel;
use crate::tenancy::seed::NewOrganisation;
use crate::{accounts, calls, programmes, submissions, tenancy};

pub const PROGRAMME_SLUG: &str = "incubator-2024";

const THEMES: [&str; 6] = [
    "Digital inclusion",
    "Citizen participation",
    "Data and evidence",
    "Artificial intelligence",
    "Accessible public services",
    "Organisational culture",
];

/// (organisation name as in the demo tenant, title, summary, who is affected, theme indexes)
const CHALLENGES: [(&str, &str, &str, &str, &[usize]); 4] = [
    (
        "General Secretariat of the Presidency — Directorate of Digital Participation",
        "Promoting broader and more equitable digital participation",
        "Improve access and inclusiveness of digital participation for under-represented and marginalised groups, especially low-income people and black people in urban peripheries, connecting digital tools with in-person processes to reinforce democracy.",
        "Low-income residents and black people in urban peripheries, who take part far less in national digital participation processes.",
        &[0, 1],
    ),
    (
        "Ecolab — Ministry of Ecological Transition",
        "Engaging the general public in common data spaces",
        "Building on the Green Data for Health initiative, foster contributions to common data spaces, especially from public actors not used to working with data, and promote evidence-based policies through a data-driven mindset.",
        "Public actors who hold useful environmental and health data but rarely share or use it.",
        &[2],
    ),
    (
        "National Institute of Social Security (INPS)",
        "Establishing a collaborative culture for AI project management",
        "Create a competence centre that fosters a collaborative, cross-departmental and inclusive culture for AI projects, shares good practice across public administrations, standardises project management and complies with the European AI Act.",
        "Departments running AI projects separately, and the citizens who depend on the services they build.",
        &[3, 5],
    ),
    (
        "Junta de Andalucía",
        "Improving access to public services for vulnerable populations",
        "Make services digital by default but without leaving anyone behind: people at risk of social exclusion, people with disabilities, older people and people in remote rural areas, using a network of in-person centres, a telephone service and a chatbot.",
        "People at risk of social exclusion, people with disabilities, older people and residents of remote rural areas.",
        &[0, 4],
    ),
];

/// (provider organisation, index of the challenge it helps, experience)
const PROVIDERS: [(&str, usize, &str); 8] = [
    (
        "New York City Civic Engagement Commission",
        0,
        "The People's Money, a citywide participatory budgeting process run with more than 100 community-based organisations, mixing offline and online engagement for communities facing systemic inequality.",
    ),
    (
        "Greater London Authority",
        0,
        "Talk London, an online community bringing Londoners' voices into City Hall policy through user-centred design, testing, campaign segmentation and reporting back on impact.",
    ),
    (
        "London Office of Technology and Innovation (LOTI)",
        1,
        "Data projects, data ethics and service design for London boroughs, including Get Online London, which uses qualitative and quantitative data to design digital inclusion services.",
    ),
    (
        "Data Room — Ministry of Finance",
        1,
        "Fast data analysis for ministries using economics and statistics, brokering collaboration between data providers, academics and policymakers around novel register datasets.",
    ),
    (
        "Norwegian Digitalisation Agency (Digdir)",
        2,
        "A national resource centre for sharing and using data, guidance on AI, an overview of public AI projects and a national network on AI in the public sector.",
    ),
    (
        "ICT Guild — Ministry of the Interior and Kingdom Relations",
        2,
        "An AI validation team of engineers working with policymakers, and an open-source algorithm management toolkit for transparency, explainability and audits.",
    ),
    (
        "Government Laboratory (Laboratorio de Gobierno)",
        3,
        "People-centred co-creation and measurement of innovation capacities across Chilean institutions, as in the electronic family pocket for financial benefits.",
    ),
    (
        "Employment and Social Development Canada (ESDC)",
        3,
        "Reaching All Canadians: understanding and reducing barriers for underserved people, including measuring digital exclusion risk to meet clients where they are.",
    ),
];

/// Countries of the generated challenges: with the four real ones, 25 countries on six continents.
const CHALLENGE_COUNTRIES: [&str; 21] = [
    "PT", "DE", "EE", "PL", "GR", "IE", "MX", "CO", "PE", "AR", "UY", "KE", "NG", "ZA", "MA", "IN", "ID", "KR", "JP",
    "AU", "NZ",
];
/// Countries of the generated providers: with the real providers' seven, 18 countries.
const PROVIDER_COUNTRIES: [&str; 11] = ["IE", "DE", "EE", "PT", "KR", "AU", "NZ", "SG", "UY", "MX", "ZA"];

const TOPICS: [&str; 12] = [
    "open data for local budgets",
    "digital identity for rural residents",
    "multilingual public services",
    "participatory urban planning",
    "evidence for social benefits",
    "AI-assisted casework",
    "accessible health appointments",
    "youth engagement in policy",
    "procurement of innovation",
    "service design capability",
    "climate adaptation with communities",
    "reducing paperwork for small firms",
];

fn at(y: i32, m: u32, d: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).single().expect("valid demo date")
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid demo day")
}

/// Who writes the demo's entries: the member of each named organisation, and the password hash
/// for the members of generated ones.
pub struct Authors<'a> {
    pub by_organisation: &'a HashMap<&'static str, UserId>,
    pub password_hash: &'a str,
    /// The staff member who screens the entries and runs the rounds.
    pub staff: UserId,
    /// The demo's reviewers: the review panel of both rounds.
    pub panel: &'a [UserId],
}

impl Authors<'_> {
    fn of(&self, organisation: &str) -> anyhow::Result<UserId> {
        self.by_organisation
            .get(organisation)
            .copied()
            .ok_or_else(|| anyhow::anyhow!("no demo member for {organisation}"))
    }
}

/// When entry `index` of `count` was started and sent, inside the window `opens`..`closes`:
/// spread over the window, each sent one to nine days after it was started, before the deadline.
fn written_in(
    (opens, closes): (chrono::DateTime<Utc>, chrono::DateTime<Utc>),
    index: usize,
    count: usize,
) -> (chrono::DateTime<Utc>, chrono::DateTime<Utc>) {
    let window = closes - opens - chrono::Duration::days(10);
    let offset = window * ((index * 37) % count) as i32 / count as i32;
    let started = opens + offset + chrono::Duration::minutes(((index * 97) % 600) as i64);
    let sent = (started + chrono::Duration::days(1 + (index % 9) as i64)).min(closes - chrono::Duration::hours(1));
    (started, sent)
}

/// Loads the edition unless it exists.
pub async fn load(db: &mut TenantTx, authors: &Authors<'_>) -> anyhow::Result<()> {
    let _tenant_id = db.tenant();
    if programmes::seed::programme(db, PROGRAMME_SLUG).await?.is_some() {
        return Ok(());
    }
    let phases = [
        (PhaseKind::ChallengeCall, day(2023, 12, 1), day(2024, 1, 31)),
        (PhaseKind::ChallengeSelection, day(2024, 2, 1), day(2024, 2, 29)),
        (PhaseKind::SolutionCall, day(2024, 3, 1), day(2024, 4, 15)),
        (PhaseKind::SolutionSelection, day(2024, 4, 16), day(2024, 5, 15)),
        (PhaseKind::Matching, day(2024, 5, 16), day(2024, 5, 31)),
        (PhaseKind::Incubation, day(2024, 6, 1), day(2024, 12, 15)),
        (PhaseKind::CohortTrack, day(2024, 6, 1), day(2024, 11, 30)),
        (PhaseKind::Showcase, day(2024, 12, 16), day(2025, 1, 31)),
    ];
    let phases: Vec<Phase> =
        phases.into_iter().map(|(kind, starts_on, ends_on)| Phase { kind, starts_on, ends_on }).collect();
    let programme = programmes::seed::insert_programme(
        db,
        NewProgramme {
            slug: PROGRAMME_SLUG,
            title: "Innovation Incubator 2024",
            summary: "A government-to-government incubator: teams with a hard public-sector problem are matched with teams in other countries that have tackled something similar, with an advisory board of experts and a cohort learning track.",
            time_zone: crate::i18n::TimeZone::from(chrono_tz::Europe::Paris),
            phases: &phases,
        },
    )
    .await?;

    let mut themes = Vec::new();
    for name in THEMES {
        themes.push(programmes::seed::insert_theme(db, name).await?);
    }

    let challenge_window = (at(2023, 12, 1), at(2024, 1, 31));
    let solution_window = (at(2024, 3, 1), at(2024, 4, 15));
    let challenge_call = calls::seed::insert_call(
        db,
        programme,
        &CallFields {
            kind: CallKind::Challenge,
            slug: "challenges",
            title: "Call for challenges",
            description: "Government teams with a hard public-sector problem are invited to submit it. Selected challenges are matched with teams in other countries that have solved something similar.",
            eligibility: "- Public-sector teams at any level of government\n- One challenge per submission; an organisation may submit several",
            opens_at: challenge_window.0,
            closes_at: challenge_window.1,
        },
    )
    .await?;
    let mut long_texts = Vec::new();
    for (section, label, word_limit) in [
        ("The problem", "Who is affected?", Some(200)),
        ("The problem", "What has been tried so far?", Some(300)),
        ("What you hope for", "What outcome are you seeking?", Some(200)),
    ] {
        let kind = QuestionKind::LongText;
        let fields = QuestionFields { section, label, help: "", kind, required: true, word_limit, options: &[] };
        long_texts.push(calls::seed::insert_question(db, challenge_call, &fields).await?);
    }
    let [who, tried, outcome] = long_texts[..] else { unreachable!("three questions were added") };
    let document = QuestionFields {
        section: "Supporting documents",
        label: "A document about the challenge",
        help: "For example a strategy, an evaluation or a briefing. Optional.",
        kind: QuestionKind::File,
        required: false,
        word_limit: None,
        options: &[],
    };
    calls::seed::insert_question(db, challenge_call, &document).await?;

    let solution_call = calls::seed::insert_call(
        db,
        programme,
        &CallFields {
            kind: CallKind::Solution,
            slug: "solutions",
            title: "Call for solutions",
            description: "Teams that have tackled a problem like one of the selected challenges offer to share what they learned.",
            eligibility: "- Public-sector teams from any country other than the challenge owner's",
            opens_at: solution_window.0,
            closes_at: solution_window.1,
        },
    )
    .await?;
    let fields = QuestionFields {
        section: "Your experience",
        label: "Your experience with a similar problem",
        help: "",
        kind: QuestionKind::LongText,
        required: true,
        word_limit: Some(300),
        options: &[],
    };
    let experience = calls::seed::insert_question(db, solution_call, &fields).await?;

    // The four selected challenges.
    let mut challenge_ids = Vec::new();
    for (index, &(organisation_name, title, summary, affected, theme_indexes)) in CHALLENGES.iter().enumerate() {
        let organisation = tenancy::seed::organisation_named(db, organisation_name)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo organisation missing"))?;
        let mut content = Content {
            title: title.into(),
            summary: summary.into(),
            themes: theme_indexes.iter().map(|i| themes[*i]).collect(),
            ..Default::default()
        };
        content.answers.insert(who, Answer::One(affected.into()));
        content.answers.insert(tried, Answer::One("Pilots in a few places, with promising but uneven results.".into()));
        content
            .answers
            .insert(outcome, Answer::One("A tested approach we can scale, learned from peers abroad.".into()));
        let written = written_in(challenge_window, index, 72);
        let author = authors.of(organisation_name)?;
        let id = submit(db, challenge_call, (organisation, author), &content, written).await?;
        submissions::seed::select(db, id).await?;
        // Selected in the selection phase, February 2024.
        submissions::seed::backdate(db, id, written, Some(at(2024, 2, 20))).await?;
        challenge_ids.push(id);
    }
    // 68 more, from 21 more countries, to read "72 challenges from 25 countries".
    let mut generated_challenges = Vec::new();
    let real_countries = ["BR", "FR", "IT", "ES"];
    for i in 0..68 {
        let country = if i < 63 {
            CHALLENGE_COUNTRIES[i % CHALLENGE_COUNTRIES.len()]
        } else {
            real_countries[i % real_countries.len()]
        };
        let (organisation, author) = generated_organisation(db, country, authors).await?;
        let topic = TOPICS[i % TOPICS.len()];
        let mut content = Content {
            title: format!("Improving {topic}"),
            summary: format!(
                "Our team wants to make progress on {topic}, and to learn from a government that has done it before."
            ),
            themes: vec![themes[i % themes.len()]],
            ..Default::default()
        };
        content.answers.insert(who, Answer::One("Residents and the teams that serve them.".into()));
        content.answers.insert(tried, Answer::One("A first pilot.".into()));
        content.answers.insert(outcome, Answer::One("A working approach at national scale.".into()));
        let written = written_in(challenge_window, CHALLENGES.len() + i, 72);
        generated_challenges.push(submit(db, challenge_call, (organisation, author), &content, written).await?);
    }

    // The eight providers, each offering help to the challenge the seed pairs it with.
    let mut solution_ids = Vec::new();
    for (index, &(organisation_name, challenge, text)) in PROVIDERS.iter().enumerate() {
        let organisation = tenancy::seed::organisation_named(db, organisation_name)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo organisation missing"))?;
        let title = format!("Offer to help: {}", CHALLENGES[challenge].1);
        let mut content =
            Content { title, summary: text.into(), offers: vec![challenge_ids[challenge]], ..Default::default() };
        content.answers.insert(experience, Answer::One(text.into()));
        let written = written_in(solution_window, index, 26);
        let id = submit(db, solution_call, (organisation, authors.of(organisation_name)?), &content, written).await?;
        // Selected in the solution selection phase, May 2024 (the decision is the selection's).
        submissions::seed::select(db, id).await?;
        submissions::seed::backdate(db, id, written, Some(at(2024, 5, 10))).await?;
        solution_ids.push(id);
    }
    // 18 more from 11 more countries: "26 solutions from 18 countries".
    for i in 0..18 {
        let country = PROVIDER_COUNTRIES[i % PROVIDER_COUNTRIES.len()];
        let (organisation, author) = generated_organisation(db, country, authors).await?;
        let challenge = i % challenge_ids.len();
        let mut content = Content {
            title: format!("Offer to help: {}", CHALLENGES[challenge].1),
            summary: "We ran a similar programme and would share our methods, data and mistakes.".into(),
            offers: vec![challenge_ids[challenge]],
            ..Default::default()
        };
        content.answers.insert(experience, Answer::One("Three years of a similar national programme.".into()));
        let written = written_in(solution_window, PROVIDERS.len() + i, 26);
        solution_ids.push(submit(db, solution_call, (organisation, author), &content, written).await?);
    }
    let challenges: Vec<SubmissionId> = challenge_ids.iter().chain(&generated_challenges).copied().collect();
    let selection = selection_2024::Selection {
        challenge_call,
        challenges: &challenges,
        solution_call,
        solutions: &solution_ids,
        staff: authors.staff,
        panel: authors.panel,
    };
    selection_2024::load(db, &selection).await?;
    Ok(())
}

/// One fictional organisation per country, created on first use with a member of its own
/// (`team.<country code>@demo.example`), who registered it and writes its entries.
async fn generated_organisation(
    db: &mut TenantTx,
    country: &str,
    authors: &Authors<'_>,
) -> anyhow::Result<(OrganisationId, UserId)> {
    let email = format!("team.{}@demo.example", country.to_ascii_lowercase());
    let member_name = format!("Demo Team Member, {country}");
    let member = accounts::seed::ensure_user(db, &email, &member_name, authors.password_hash).await?;
    let name = format!("Public Innovation Team {country} (demo)");
    let new = NewOrganisation { name: &name, country, level: GovernmentLevel::National, website: None };
    let organisation = tenancy::seed::ensure_organisation(db, new, member).await?;
    tenancy::seed::add_member(db, organisation, member).await?;
    Ok((organisation, member))
}

/// A submitted entry with its first version and the submitted one, as if `author` of
/// `organisation` had typed it from `written.0` and sent it at `written.1`.
async fn submit(
    db: &mut TenantTx,
    call: CallId,
    (organisation, author): (OrganisationId, UserId),
    content: &Content,
    written: (chrono::DateTime<Utc>, chrono::DateTime<Utc>),
) -> anyhow::Result<SubmissionId> {
    let submitted = SubmissionStatus::Submitted;
    let id = submissions::seed::submission(db, call, organisation, author, submitted, content).await?;
    submissions::seed::backdate(db, id, written, None).await?;
    Ok(id)
}
