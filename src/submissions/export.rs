//! CSV export of a call's submissions with every answer, one column per question. Streamed in
//! keyset batches, so memory stays flat however many submissions a call has.
//!
//! Safe for spreadsheets: a cell a spreadsheet would evaluate as a formula (one that starts with
//! `=`, `+`, `-`, `@`, a tab or a carriage return, or their full-width forms) is written with a
//! leading `'`, which spreadsheets show as text (OWASP, "CSV Injection"). Several values in one
//! cell (the options of a multiple-choice answer, the themes) are one per line, so a value that
//! holds a comma or a semicolon still splits back exactly.

use std::collections::HashMap;

use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::stream::{self, BoxStream};
use sqlx::PgPool;

use super::domain::Answer;
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

/// `cell` as a spreadsheet must read it: text, never a formula (see the module's note).
fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];
    match cell.chars().next() {
        Some(first) if FORMULA_STARTS.contains(&first) => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// An answer as one cell: several chosen options one per line.
fn answer_cell(answer: &Answer) -> String {
    match answer {
        Answer::Many(items) => items.join("\n"),
        other => other.text(),
    }
}

fn to_csv(rows: &[Vec<String>]) -> Result<Bytes, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(row.iter().map(|cell| spreadsheet_safe(cell).into_owned()))?;
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
        state.filter.after = state.filter.sort().cursor_after(last);
    }
    let ids: Vec<SubmissionId> = page.iter().map(|s| s.id).collect();
    let mut answers: HashMap<(SubmissionId, QuestionId), String> = HashMap::new();
    for (submission, question, answer) in store::answers_of(&mut conn, &ids).await? {
        answers.insert((submission, question), answer_cell(&answer.0));
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
            themes.get(&s.id).map(|t| t.join("\n")).unwrap_or_default(),
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

#[cfg(test)]
mod tests {
    use super::spreadsheet_safe;

    #[test]
    fn cells_a_spreadsheet_would_evaluate_are_written_as_text() {
        for formula in
            ["=HYPERLINK(\"https://evil.example\",\"Open\")", "+1", "-2+3", "@SUM(1+1)", "\tx", "\rx", "＝1+1"]
        {
            assert_eq!(spreadsheet_safe(formula), format!("'{formula}"));
        }
        for text in ["Equitable participation", "1-5", "a = b", "", "'quoted"] {
            assert_eq!(spreadsheet_safe(text), text);
        }
    }
}
