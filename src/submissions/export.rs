//! CSV export of a call's submissions with every answer, one column per question. Streamed in
//! keyset batches, so memory stays flat however many submissions a call has.

use std::collections::HashMap;

use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::stream::{self, BoxStream};
use sqlx::PgPool;

use super::list::ListFilter;
use super::store;
use crate::calls::domain::{Call, Question};
use crate::db::wall::TenantTx;
use crate::ids::{QuestionId, SubmissionId, TenantId};

/// The export's bytes as they are written, batch by batch; an error ends it.
pub type CsvStream = BoxStream<'static, Result<Bytes, anyhow::Error>>;

const BATCH: i64 = 500;

struct State {
    pool: PgPool,
    tenant_id: TenantId,
    call: Call,
    questions: Vec<Question>,
    filter: ListFilter,
    header_sent: bool,
    done: bool,
}

fn header(questions: &[Question]) -> Vec<String> {
    let fixed = [
        "id",
        "status",
        "title",
        "summary",
        "organisation",
        "country",
        "continent",
        "level",
        "themes",
        "selected",
        "submitted_at",
        "updated_at",
    ];
    fixed.iter().map(|s| s.to_string()).chain(questions.iter().map(|q| q.label.clone())).collect()
}

fn to_csv(rows: &[Vec<String>]) -> Result<Bytes, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(row)?;
    }
    writer.into_inner().map(Bytes::from).map_err(|e| csv::Error::from(e.into_error()))
}

async fn next_batch(state: &mut State) -> Result<Bytes, anyhow::Error> {
    let mut rows = Vec::new();
    if !state.header_sent {
        state.header_sent = true;
        rows.push(header(&state.questions));
    }
    let mut conn = TenantTx::begin(&state.pool, state.tenant_id).await?;
    let page = store::list_for_call(&mut conn, store::CallKey::Id(state.call.id), &state.filter, BATCH).await?;
    if (page.len() as i64) < BATCH {
        state.done = true;
    }
    if let Some(last) = page.last() {
        state.filter.after = state.filter.sort.cursor_after(last);
    }
    let ids: Vec<SubmissionId> = page.iter().map(|s| s.id).collect();
    let mut answers: HashMap<(SubmissionId, QuestionId), String> = HashMap::new();
    for (submission, question, answer) in store::answers_of(&mut conn, &ids).await? {
        answers.insert((submission, question), answer.0.text());
    }
    let mut themes: HashMap<SubmissionId, Vec<String>> = HashMap::new();
    for (submission, name) in store::theme_names_of(&mut conn, &ids).await? {
        themes.entry(submission).or_default().push(name);
    }
    for s in &page {
        let mut row = vec![
            s.id.to_string(),
            s.status.as_str().to_string(),
            s.title.clone(),
            s.summary.clone(),
            s.organisation_name.clone(),
            s.country_code.clone(),
            s.continent.clone(),
            s.level.as_str().to_string(),
            themes.get(&s.id).map(|t| t.join("; ")).unwrap_or_default(),
            if s.selected_at.is_some() { "yes".into() } else { "no".into() },
            s.submitted_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
            s.updated_at.to_rfc3339(),
        ];
        row.extend(state.questions.iter().map(|q| answers.get(&(s.id, q.id)).cloned().unwrap_or_default()));
        rows.push(row);
    }
    Ok(to_csv(&rows)?)
}

/// The export, streamed (UTF-8 with a byte-order mark, so spreadsheet programs read accented
/// names correctly).
pub fn stream_csv(
    pool: PgPool,
    tenant_id: TenantId,
    call: Call,
    questions: Vec<Question>,
    filter: ListFilter,
) -> CsvStream {
    let filter = ListFilter { after: String::new(), ..filter };
    let state = State { pool, tenant_id, call, questions, filter, header_sent: false, done: false };
    let bom = stream::once(async { Ok::<Bytes, anyhow::Error>(Bytes::from_static("\u{feff}".as_bytes())) });
    let batches = stream::unfold(state, |mut state| async move {
        if state.done {
            return None;
        }
        match next_batch(&mut state).await {
            Ok(bytes) => Some((Ok(bytes), state)),
            Err(error) => {
                tracing::error!(error = format!("{error:#}"), "CSV export failed mid-stream");
                state.done = true;
                Some((Err(error), state))
            }
        }
    });
    // Fused: the body may poll once more after the end, which a bare `unfold` forbids.
    bom.chain(batches).fuse().boxed()
}
