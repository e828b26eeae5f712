//! SQL for submissions, their answers, themes, offers and versions. Tenant first everywhere.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgConnection;

use super::attachments::FileRef;
use super::domain::{Answer, Content, SubmissionStatus};
use crate::ids::{
    AttachmentId, CallId, OrganisationId, ProgrammeId, QuestionId, SubmissionId, TenantId, ThemeId, UserId,
};
use crate::web::pagination::{Cursor, TextCursor};

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Submission {
    pub id: SubmissionId,
    pub call_id: CallId,
    pub organisation_id: OrganisationId,
    pub organisation_name: String,
    pub country_code: String,
    pub country_name: String,
    pub continent: String,
    pub level: String,
    pub status: String,
    pub title: String,
    pub summary: String,
    pub version: i32,
    pub selected_at: Option<DateTime<Utc>>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const SUBMISSION_COLUMNS: &str = "s.id, s.call_id, s.organisation_id, o.name as organisation_name,
  o.country_code::text as country_code, c.name_en as country_name, c.continent, o.level, s.status, s.title, s.summary, s.version,
  s.selected_at, s.submitted_at, s.withdrawn_at, s.created_at, s.updated_at";

/// What `SUBMISSION_COLUMNS` reads besides `submissions s` (or a subquery named `s`).
const SUBMISSION_JOINS: &str = "join organisations o on o.tenant_id = s.tenant_id and o.id = s.organisation_id
  join countries c on c.code = o.country_code";

pub async fn insert_submission(
    conn: &mut PgConnection,
    tenant_id: TenantId,
    id: SubmissionId,
    call_id: CallId,
    organisation_id: OrganisationId,
    created_by: UserId,
) -> sqlx::Result<()> {
    sqlx::query("insert into submissions (tenant_id, id, call_id, organisation_id, created_by, version) values ($1, $2, $3, $4, $5, 0)")
        .bind(tenant_id)
        .bind(id)
        .bind(call_id)
        .bind(organisation_id)
        .bind(created_by)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn submission(
    conn: &mut PgConnection,
    tenant_id: TenantId,
    id: SubmissionId,
) -> sqlx::Result<Option<Submission>> {
    sqlx::query_as(&format!(
        "select {SUBMISSION_COLUMNS} from submissions s {SUBMISSION_JOINS} where s.tenant_id = $1 and s.id = $2"
    ))
    .bind(tenant_id)
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The submission row, locked for the rest of the transaction.
pub async fn lock(
    conn: &mut PgConnection,
    tenant_id: TenantId,
    id: SubmissionId,
) -> sqlx::Result<Option<(i32, String)>> {
    sqlx::query_as("select version, status from submissions where tenant_id = $1 and id = $2 for update")
        .bind(tenant_id)
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The current answers, themes and offers.
pub async fn content(conn: &mut PgConnection, tenant_id: TenantId, id: SubmissionId) -> sqlx::Result<Content> {
    let (title, summary): (String, String) =
        sqlx::query_as("select title, summary from submissions where tenant_id = $1 and id = $2")
            .bind(tenant_id)
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    let answers: Vec<(QuestionId, sqlx::types::Json<Answer>)> =
        sqlx::query_as("select question_id, value from submission_answers where tenant_id = $1 and submission_id = $2")
            .bind(tenant_id)
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    let themes: Vec<ThemeId> = sqlx::query_scalar(
        "select theme_id from submission_themes where tenant_id = $1 and submission_id = $2 order by theme_id",
    )
    .bind(tenant_id)
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let offers: Vec<SubmissionId> = sqlx::query_scalar(
        "select challenge_id from solution_offers where tenant_id = $1 and solution_id = $2 order by challenge_id",
    )
    .bind(tenant_id)
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Content {
        title,
        summary,
        themes,
        offers,
        answers: answers.into_iter().map(|(q, a)| (q, a.0)).collect::<BTreeMap<_, _>>(),
    })
}

/// Writes `content` as version `version + 1` (the caller holds the row lock and checked the
/// version), with a full copy in the version history.
pub async fn save_content(
    conn: &mut PgConnection,
    tenant_id: TenantId,
    id: SubmissionId,
    version: i32,
    status: &str,
    content: &Content,
    saved_by: UserId,
) -> sqlx::Result<i32> {
    let new_version: i32 = sqlx::query_scalar(
        "update submissions set title = $3, summary = $4, status = $5, version = version + 1,
                submitted_at = case when $5 = 'submitted' then coalesce(submitted_at, now()) else submitted_at end,
                withdrawn_at = case when $5 = 'withdrawn' then now() else withdrawn_at end
         where tenant_id = $1 and id = $2 returning version",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(&content.title)
    .bind(&content.summary)
    .bind(status)
    .fetch_one(&mut *conn)
    .await?;
    debug_assert_eq!(new_version, version + 1);
    sqlx::query("delete from submission_answers where tenant_id = $1 and submission_id = $2")
        .bind(tenant_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let (questions, values): (Vec<QuestionId>, Vec<sqlx::types::Json<&Answer>>) =
        content.answers.iter().filter(|(_, a)| !a.is_blank()).map(|(q, a)| (*q, sqlx::types::Json(a))).unzip();
    sqlx::query(
        "insert into submission_answers (tenant_id, submission_id, question_id, value)
         select $1, $2, * from unnest($3::uuid[], $4::jsonb[])",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(&questions)
    .bind(&values)
    .execute(&mut *conn)
    .await?;
    sqlx::query("delete from submission_themes where tenant_id = $1 and submission_id = $2")
        .bind(tenant_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("insert into submission_themes (tenant_id, submission_id, theme_id) select $1, $2, unnest($3::uuid[])")
        .bind(tenant_id)
        .bind(id)
        .bind(&content.themes)
        .execute(&mut *conn)
        .await?;
    sqlx::query("delete from solution_offers where tenant_id = $1 and solution_id = $2")
        .bind(tenant_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("insert into solution_offers (tenant_id, solution_id, challenge_id) select $1, $2, unnest($3::uuid[])")
        .bind(tenant_id)
        .bind(id)
        .bind(&content.offers)
        .execute(&mut *conn)
        .await?;
    sqlx::query("insert into submission_versions (tenant_id, submission_id, version, saved_by, status, content) values ($1, $2, $3, $4, $5, $6)")
        .bind(tenant_id)
        .bind(id)
        .bind(new_version)
        .bind(saved_by)
        .bind(status)
        .bind(sqlx::types::Json(content))
        .execute(conn)
        .await?;
    Ok(new_version)
}

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct VersionRow {
    pub version: i32,
    pub status: String,
    pub saved_by: Option<String>,
    pub created_at: DateTime<Utc>,
}

pub async fn versions(conn: &mut PgConnection, tenant_id: TenantId, id: SubmissionId) -> sqlx::Result<Vec<VersionRow>> {
    sqlx::query_as(
        "select v.version, v.status, u.display_name as saved_by, v.created_at
         from submission_versions v left join users u on u.id = v.saved_by
         where v.tenant_id = $1 and v.submission_id = $2 order by v.version desc limit 500",
    )
    .bind(tenant_id)
    .bind(id)
    .fetch_all(conn)
    .await
}

pub async fn version_content(
    conn: &mut PgConnection,
    tenant_id: TenantId,
    id: SubmissionId,
    version: i32,
) -> sqlx::Result<Option<Content>> {
    let row: Option<sqlx::types::Json<Content>> = sqlx::query_scalar(
        "select content from submission_versions where tenant_id = $1 and submission_id = $2 and version = $3",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(version)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|json| json.0))
}

/// Filters of the staff list. All optional.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct ListFilter {
    /// draft, submitted or withdrawn.
    pub status: String,
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    /// africa, asia, europe, north-america, oceania or south-america.
    pub continent: String,
    /// national, regional, local or international.
    pub level: String,
    /// A theme id.
    pub theme: String,
    /// Words to find in titles and summaries.
    pub q: String,
    /// The order: newest (default), oldest, updated (recently changed first) or title (A to Z).
    #[param(inline)]
    pub sort: ListSort,
    /// Opaque cursor from the previous page.
    pub after: String,
}

/// Orders of a call's submissions. Each is served by an index of its own, and a page ends at
/// a cursor of the same key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ListSort {
    #[default]
    Newest,
    Oldest,
    Updated,
    Title,
}

impl ListSort {
    pub const ALL: [ListSort; 4] = [ListSort::Newest, ListSort::Oldest, ListSort::Updated, ListSort::Title];

    pub fn as_str(self) -> &'static str {
        match self {
            ListSort::Newest => "newest",
            ListSort::Oldest => "oldest",
            ListSort::Updated => "updated",
            ListSort::Title => "title",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            ListSort::Newest => "sort-newest",
            ListSort::Oldest => "sort-oldest",
            ListSort::Updated => "sort-updated",
            ListSort::Title => "sort-title",
        }
    }

    /// The cursor for the page after the one that ended with `last`.
    pub fn cursor_after(self, last: &Submission) -> String {
        match self {
            ListSort::Newest | ListSort::Oldest => Cursor { at: last.created_at, id: last.id.0 }.encode(),
            ListSort::Updated => Cursor { at: last.updated_at, id: last.id.0 }.encode(),
            ListSort::Title => TextCursor { key: last.title.clone(), id: last.id.0 }.encode(),
        }
    }
}

/// Which call to list: by id when the caller has loaded the call already, or by the slugs in the
/// URL when it has no other use for the call (the JSON list), so that finding the call is part
/// of the list's query rather than a round trip of its own.
#[derive(Clone, Copy, Debug)]
pub enum CallKey<'a> {
    Id(CallId),
    Slugs { programme: &'a str, call: &'a str },
}

/// How far down the list, in pages, a search reads in order before it hands the search to the
/// planner (see `list_for_call`).
const SEARCH_WINDOW_PAGES: i64 = 8;

/// One page of a call's submissions in the filter's order. Costs the same on any page.
///
/// Only the filters in use are written into the SQL: each combination is its own statement.
/// The page size and the status are written as literals (there are three statuses, and how
/// many rows each holds decides whether reading in order or sorting is cheaper).
///
/// A list filtered at most by status is prepared, with the tenant, the call and the cursor bound as
/// `(select $n)`, which the planner estimates the same way whatever the value: a custom plan
/// then costs exactly what the generic one does, and PostgreSQL plans the statement once per
/// connection. With plain `$n` it either planned on every request (a third of the list's time)
/// or reused the generic plan, and which one changed with the table's physical size. These
/// values never change the best plan: the list reads its index in order from the cursor.
///
/// Theme, country, continent and level are different: how many rows hold the value decides the
/// plan. A list filtered by them runs unprepared with every value in view, so it is planned each
/// time for what it asks; prepared, PostgreSQL would switch to a generic plan after five runs.
///
/// A search is such a choice too: a common word is best found by reading the list in order and
/// checking each row, a rare one through the GIN index. So a search first reads the first
/// `SEARCH_WINDOW_PAGES` pages' worth of the call's submissions in order and keeps the rows that
/// match, a plan that never changes; only the page's rows are then joined to their
/// organisation. When that fills the page (any word in more than about one row in eight), those
/// are the page's rows. Otherwise, and whenever the list is filtered by organisation, the search
/// runs unprepared with the words in view, and PostgreSQL picks the index from how common they
/// are.
pub async fn list_for_call(
    conn: &mut PgConnection,
    tenant_id: TenantId,
    call: CallKey<'_>,
    filter: &ListFilter,
    limit: i64,
) -> sqlx::Result<Vec<Submission>> {
    // Prepared, the generic plan of a country filter with a search read a whole call for a
    // common word (158 req/s on 100,098 rows across ten tenants; unprepared, 2,336).
    let by_organisation = [&filter.country, &filter.continent, &filter.level].iter().any(|f| !f.trim().is_empty());
    let by_value = by_organisation || !filter.theme.trim().is_empty();
    let words = filter.q.trim();
    if words.is_empty() {
        let mut query = list_query(tenant_id, call, filter, limit, Search::None, !by_value);
        return query.build_query_as().persistent(!by_value).fetch_all(conn).await;
    }
    // The window reads `submissions` alone; filters on the organisation go to the planner.
    if !by_organisation {
        let mut window = list_query(
            tenant_id,
            call,
            filter,
            limit,
            Search::InOrder { words, rows: limit * SEARCH_WINDOW_PAGES },
            !by_value,
        );
        let found: Vec<Submission> = window.build_query_as().persistent(!by_value).fetch_all(&mut *conn).await?;
        if found.len() as i64 >= limit {
            return Ok(found);
        }
    }
    let mut planned = list_query(tenant_id, call, filter, limit, Search::Planned(words), false);
    planned.build_query_as().persistent(false).fetch_all(conn).await
}

/// How `list_query` looks for words.
#[derive(Clone, Copy)]
enum Search<'a> {
    None,
    /// Check the words on the first `rows` rows of the list, read in order.
    InOrder {
        words: &'a str,
        rows: i64,
    },
    /// Leave it to the planner, with the words in view.
    Planned(&'a str),
}

/// The statement for one page of the list: see `list_for_call`. With `one_plan`, the tenant, the
/// call and the cursor are bound as `(select $n)`; otherwise the planner sees every value.
fn list_query<'a>(
    tenant_id: TenantId,
    call: CallKey<'a>,
    filter: &'a ListFilter,
    limit: i64,
    search: Search<'a>,
    one_plan: bool,
) -> sqlx::QueryBuilder<'a, sqlx::Postgres> {
    let (open, close) = if one_plan { ("(select ", ")") } else { ("(", ")") };
    let given = |s: &'a str| Some(s.trim()).filter(|s| !s.is_empty());
    // Each order's key is the expression of its index (migrations 0008 and 0011).
    let (key, descending) = match filter.sort {
        ListSort::Newest => ("s.created_at", true),
        ListSort::Oldest => ("s.created_at", false),
        ListSort::Updated => ("s.updated_at", true),
        ListSort::Title => (r#"lower(s.title collate "und-x-icu")"#, false),
    };
    let (after, direction) = if descending { ("<", "desc") } else { (">", "asc") };

    let mut query = sqlx::QueryBuilder::<sqlx::Postgres>::new(format!("select {SUBMISSION_COLUMNS} "));
    if let Search::InOrder { words, .. } = search {
        // The window: the call's rows in order, each marked whether it matches. The page is its
        // first matching rows, joined to their organisation only then. Read lazily, in order,
        // the window stops at the page's last row.
        query.push(format_args!("from (select * from (select s.*, {key} as sort_key, "));
        query.push("s.search @@ (select websearch_to_tsquery('simple', ").push_bind(words).push(")) as matches");
        query.push(" from submissions s");
    } else {
        query.push(format_args!("from submissions s {SUBMISSION_JOINS}"));
    }
    query.push(" where s.tenant_id = ").push(open).push_bind(tenant_id).push(close);
    match call {
        CallKey::Id(call_id) => {
            query.push(" and s.call_id = ").push(open).push_bind(call_id).push(close);
        }
        CallKey::Slugs { programme, call } => {
            query
                .push(
                    " and s.call_id = (select k.id from calls k join programmes p on p.tenant_id = k.tenant_id and p.id = k.programme_id where k.tenant_id = ",
                )
                .push_bind(tenant_id)
                .push(" and p.slug = ")
                .push_bind(programme)
                .push(" and k.slug = ")
                .push_bind(call)
                .push(")");
        }
    }
    if let Some(status) = given(&filter.status) {
        // A status that does not exist matches nothing.
        match SubmissionStatus::parse(status) {
            Some(status) => query.push(format_args!(" and s.status = '{}'", status.as_str())),
            None => query.push(" and false"),
        };
    }
    if !filter.theme.trim().is_empty() {
        // An unreadable theme id matches nothing rather than being ignored.
        let theme: Option<uuid::Uuid> = filter.theme.trim().parse().ok();
        query
            .push(" and exists (select 1 from submission_themes t where t.tenant_id = s.tenant_id and t.submission_id = s.id and t.theme_id = ")
            .push_bind(theme)
            .push(")");
    }
    if filter.sort == ListSort::Title {
        if let Some(cursor) = TextCursor::decode(&filter.after) {
            query.push(format_args!(" and ({key}, s.id) {after} ({open}lower("));
            query.push_bind(cursor.key).push(format_args!(r#" collate "und-x-icu"){close}, {open}"#));
            query.push_bind(cursor.id).push(format_args!("{close})"));
        }
    } else if let Some(cursor) = Cursor::decode(&filter.after) {
        query.push(format_args!(" and ({key}, s.id) {after} ({open}"));
        query
            .push_bind(cursor.at)
            .push(format_args!("{close}, {open}"))
            .push_bind(cursor.id)
            .push(format_args!("{close})"));
    }

    if let Search::Planned(words) = search {
        query.push(" and s.search @@ websearch_to_tsquery('simple', ").push_bind(words).push(")");
    }
    if let Some(country) = given(&filter.country) {
        query.push(" and o.country_code = upper(").push_bind(country).push(")");
    }
    if let Some(continent) = given(&filter.continent) {
        query.push(" and c.continent = ").push_bind(continent);
    }
    if let Some(level) = given(&filter.level) {
        query.push(" and o.level = ").push_bind(level);
    }
    query.push(format_args!(" order by {key} {direction}, s.id {direction}"));
    // The limit is written into the SQL, not bound: with it known, the generic plan costs what
    // a custom one does.
    match search {
        Search::InOrder { rows, .. } => {
            query.push(format_args!(
                " limit {rows}) s where s.matches order by s.sort_key {direction}, s.id {direction}"
            ));
            // Naming the tenant on `o` lets the planner read only this tenant's organisations
            // (it hashed every tenant's before).
            query.push(format_args!(" limit {limit}) s {SUBMISSION_JOINS} where o.tenant_id = {open}"));
            query.push_bind(tenant_id);
            query.push(format_args!("{close} order by s.sort_key {direction}, s.id {direction}"));
        }
        _ => {
            query.push(format_args!(" limit {limit}"));
        }
    }
    query
}

/// How many submissions a call has in each state, from the counters the database keeps (one row
/// per state, whatever the call's size).
pub async fn counts_by_status(
    conn: &mut PgConnection,
    tenant_id: TenantId,
    call_id: CallId,
) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as(
        "select status, count from call_submission_counts
         where tenant_id = $1 and call_id = $2 and count > 0 order by status",
    )
    .bind(tenant_id)
    .bind(call_id)
    .fetch_all(conn)
    .await
}

/// Submissions of the person's organisations, newest first, with their call.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct TeamSubmission {
    pub id: SubmissionId,
    pub title: String,
    pub status: String,
    pub organisation_name: String,
    pub call_title: String,
    pub closes_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub async fn of_member(
    conn: &mut PgConnection,
    tenant_id: TenantId,
    user_id: UserId,
) -> sqlx::Result<Vec<TeamSubmission>> {
    sqlx::query_as(
        "select s.id, s.title, s.status, o.name as organisation_name, c.title as call_title, c.closes_at, s.updated_at
         from organisation_members m
         join submissions s on s.tenant_id = m.tenant_id and s.organisation_id = m.organisation_id
         join organisations o on o.tenant_id = s.tenant_id and o.id = s.organisation_id
         join calls c on c.tenant_id = s.tenant_id and c.id = s.call_id
         where m.tenant_id = $1 and m.user_id = $2
         order by s.updated_at desc limit 200",
    )
    .bind(tenant_id)
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// Selected challenges of a programme, which solutions may offer to help.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct SelectedChallenge {
    pub id: SubmissionId,
    pub title: String,
    pub organisation_name: String,
    pub country_name: String,
}

pub async fn selected_challenges(
    conn: &mut PgConnection,
    tenant_id: TenantId,
    programme_id: ProgrammeId,
) -> sqlx::Result<Vec<SelectedChallenge>> {
    sqlx::query_as(
        "select s.id, s.title, o.name as organisation_name, co.name_en as country_name
         from submissions s
         join calls c on c.tenant_id = s.tenant_id and c.id = s.call_id
         join organisations o on o.tenant_id = s.tenant_id and o.id = s.organisation_id
         join countries co on co.code = o.country_code
         where s.tenant_id = $1 and c.programme_id = $2 and c.kind = 'challenge' and s.selected_at is not null
         order by s.title limit 100",
    )
    .bind(tenant_id)
    .bind(programme_id)
    .fetch_all(conn)
    .await
}

pub async fn set_selected(
    conn: &mut PgConnection,
    tenant_id: TenantId,
    id: SubmissionId,
    selected: bool,
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "update submissions set selected_at = case when $3 then coalesce(selected_at, now()) end
         where tenant_id = $1 and id = $2 and status = 'submitted'",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(selected)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Answers of many submissions in one query (exports: no query per row).
pub async fn answers_of(
    conn: &mut PgConnection,
    tenant_id: TenantId,
    ids: &[SubmissionId],
) -> sqlx::Result<Vec<(SubmissionId, QuestionId, sqlx::types::Json<Answer>)>> {
    sqlx::query_as("select submission_id, question_id, value from submission_answers where tenant_id = $1 and submission_id = any($2)")
        .bind(tenant_id)
        .bind(ids)
        .fetch_all(conn)
        .await
}

/// Theme names of many submissions in one query.
pub async fn theme_names_of(
    conn: &mut PgConnection,
    tenant_id: TenantId,
    ids: &[SubmissionId],
) -> sqlx::Result<Vec<(SubmissionId, String)>> {
    sqlx::query_as(
        "select st.submission_id, t.name from submission_themes st join themes t on t.tenant_id = st.tenant_id and t.id = st.theme_id
         where st.tenant_id = $1 and st.submission_id = any($2) order by t.name",
    )
    .bind(tenant_id)
    .bind(ids)
    .fetch_all(conn)
    .await
}

/// Dates a submission and its versions back to `at` (demo data of a past edition).
pub async fn backdate(
    conn: &mut PgConnection,
    tenant_id: TenantId,
    id: SubmissionId,
    at: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query(
        "update submissions set created_at = $3, submitted_at = case when submitted_at is not null then $3 end
         where tenant_id = $1 and id = $2",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    sqlx::query("update submission_versions set created_at = $3 where tenant_id = $1 and submission_id = $2")
        .bind(tenant_id)
        .bind(id)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}

/// A stored attachment: what to serve and where its bytes are.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AttachmentRow {
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub storage_key: String,
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_attachment(
    conn: &mut PgConnection,
    tenant_id: TenantId,
    submission_id: SubmissionId,
    question_id: QuestionId,
    file: &FileRef,
    sha256: &str,
    storage_key: &str,
    uploaded_by: UserId,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into attachments (tenant_id, id, submission_id, question_id, filename, content_type, size_bytes,
           sha256, storage_key, uploaded_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(tenant_id)
    .bind(file.attachment_id)
    .bind(submission_id)
    .bind(question_id)
    .bind(&file.filename)
    .bind(&file.content_type)
    .bind(file.size_bytes)
    .bind(sha256)
    .bind(storage_key)
    .bind(uploaded_by)
    .execute(conn)
    .await?;
    Ok(())
}

/// An attachment of this submission (never of another: both ids must match).
pub async fn attachment(
    conn: &mut PgConnection,
    tenant_id: TenantId,
    submission_id: SubmissionId,
    id: AttachmentId,
) -> sqlx::Result<Option<AttachmentRow>> {
    sqlx::query_as(
        "select filename, content_type, size_bytes, storage_key from attachments
         where tenant_id = $1 and submission_id = $2 and id = $3",
    )
    .bind(tenant_id)
    .bind(submission_id)
    .bind(id)
    .fetch_optional(conn)
    .await
}
