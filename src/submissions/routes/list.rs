//! The staff list of a call's submissions (filters, search, orders, pages) and its CSV export.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use crate::calls::domain::Call;
use crate::error::AppError;
use crate::programmes::domain::{Programme, Theme};
use crate::state::AppState;
use crate::submissions::domain::{Submission, SubmissionStatus};
use crate::submissions::list::{ListFilter, ListSort};
use crate::submissions::service::{self, CallList, Export};
use crate::tenancy::access::Access;
use crate::tenancy::domain::GovernmentLevel;
use crate::web::extract::{Path, Query};
use crate::web::page::{PageCtx, render};

#[derive(Template)]
#[template(path = "submissions/list.html")]
struct ListPage {
    ctx: PageCtx,
    programme: Programme,
    call: Call,
    counts: Vec<(SubmissionStatus, i64)>,
    submissions: Vec<Submission>,
    next: Option<String>,
    filter: ListFilter,
    themes: Vec<Theme>,
    statuses: &'static [SubmissionStatus],
    levels: &'static [GovernmentLevel],
    sorts: &'static [ListSort],
}

impl ListPage {
    /// The query string for the next page: the same filters, a new cursor.
    fn next_query(&self, next: &str) -> String {
        let f = &self.filter;
        let pairs = [
            ("status", &f.status),
            ("country", &f.country),
            ("continent", &f.continent),
            ("level", &f.level),
            ("theme", &f.theme),
            ("q", &f.q),
        ];
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in pairs {
            if !value.is_empty() {
                query.append_pair(name, value);
            }
        }
        if f.sort() != ListSort::default() {
            query.append_pair("sort", f.sort().as_str());
        }
        query.append_pair("after", next);
        query.finish()
    }
    fn total(&self) -> i64 {
        self.counts.iter().map(|(_, n)| n).sum()
    }
}

pub(super) async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
    Query(filter): Query<ListFilter>,
) -> Result<Response, AppError> {
    let CallList { programme, call, counts, page, themes } =
        service::call_list(&mut access.db(&state.pool).await?, &access, &programme, &call, &filter).await?;
    render(&ListPage {
        ctx,
        programme,
        call,
        counts,
        submissions: page.items,
        next: page.next,
        filter,
        themes,
        statuses: SubmissionStatus::ALL,
        levels: GovernmentLevel::ALL,
        sorts: ListSort::ALL,
    })
}

pub(super) async fn export_csv(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
    Query(filter): Query<ListFilter>,
) -> Result<Response, AppError> {
    let Export { filename, body } = service::export(&state.pool, &access, &programme, &call, filter).await?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
        ],
        axum::body::Body::from_stream(body),
    )
        .into_response())
}
