//! The staff list of a call's submissions: one page in any order, filtered, searched. How the
//! SQL is chosen so that PostgreSQL keeps good plans is written at `list_for_call`.

use super::submission::{SUBMISSION_COLUMNS, SUBMISSION_JOINS};
use crate::db::cursor::{Cursor, TextCursor};
use crate::db::wall::TenantTx;
use crate::ids::{CallId, TenantId};
use crate::submissions::domain::{Submission, SubmissionStatus};
use crate::submissions::list::{ListFilter, ListSort};

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
    db: &mut TenantTx,
    call: CallKey<'_>,
    filter: &ListFilter,
    limit: i64,
) -> sqlx::Result<Vec<Submission>> {
    let tenant_id = db.tenant();
    // Prepared, the generic plan of a country filter with a search read a whole call for a
    // common word (158 req/s on 100,098 rows across ten tenants; unprepared, 2,336).
    let by_organisation = [&filter.country, &filter.continent, &filter.level].iter().any(|f| !f.trim().is_empty());
    let by_value = by_organisation || !filter.theme.trim().is_empty();
    let words = filter.q.trim();
    if words.is_empty() {
        let mut query = list_query(tenant_id, call, filter, limit, Search::None, !by_value);
        return query.build_query_as().persistent(!by_value).fetch_all(&mut **db).await;
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
        let found: Vec<Submission> = window.build_query_as().persistent(!by_value).fetch_all(&mut **db).await?;
        if found.len() as i64 >= limit {
            return Ok(found);
        }
    }
    let mut planned = list_query(tenant_id, call, filter, limit, Search::Planned(words), false);
    planned.build_query_as().persistent(false).fetch_all(&mut **db).await
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
    let (key, descending) = match filter.sort() {
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
        query.push("s.search @@ (select search_query(").push_bind(words).push(")) as matches");
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
        match SubmissionStatus::from_name(status) {
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
    if filter.sort() == ListSort::Title {
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
        query.push(" and s.search @@ search_query(").push_bind(words).push(")");
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
