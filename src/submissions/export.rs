//! Exports of a call's submissions with every answer: CSV for spreadsheets (one column per
//! question; comma- or semicolon-separated) and NDJSON for programs (one JSON object per line,
//! every value exact). Both stream the same rows in keyset batches, in the list's order and with
//! its filters, so memory stays flat however many submissions a call has.
//!
//! Safe for spreadsheets: a cell a spreadsheet would evaluate as a formula (one that starts with
//! `=`, `+`, `-`, `@`, a tab or a carriage return, or their full-width forms) is written with a
//! leading `'`, which spreadsheets show as text (OWASP, "CSV Injection"). Several values in one
//! cell (the options of a multiple-choice answer, the themes, the offers) are one per line, so a
//! value that holds a comma or a semicolon still splits back exactly. Times are written as
//! `YYYY-MM-DD HH:MM:SS` in the programme's time zone (named in the column's heading), which
//! spreadsheets read as dates in every locale; NDJSON keeps RFC 3339 instants.

use std::collections::{BTreeMap, HashMap};

use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use futures_util::stream::{self, BoxStream};
use serde::Serialize;
use sqlx::PgPool;

use super::domain::{Answer, OfferedChallenge, Submission};
use super::list::ListFilter;
use super::store;
use crate::calls::domain::{Call, Question};
use crate::db::wall::TenantTx;
use crate::i18n::TimeZone;
use crate::ids::{OrganisationId, QuestionId, SubmissionId, TenantId};
use crate::text_enum::text_enum;

/// The export's bytes as they are written, batch by batch; an error ends it.
pub type ExportStream = BoxStream<'static, Result<Bytes, anyhow::Error>>;

text_enum! {
    /// What separates a CSV's cells. Spreadsheets in locales whose decimal mark is a comma
    /// (French, German, Spanish, Portuguese…) open a comma-separated file as one column and
    /// expect semicolons.
    #[derive(Default)]
    pub enum CsvSeparator {
        #[default]
        Comma = "comma" => "export-separator-comma",
        Semicolon = "semicolon" => "export-separator-semicolon",
    }
}

impl CsvSeparator {
    fn byte(self) -> u8 {
        match self {
            CsvSeparator::Comma => b',',
            CsvSeparator::Semicolon => b';',
        }
    }
}

/// The two shapes of an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// For spreadsheets: a byte-order mark, a heading row, text cells (see the module's note).
    Csv(CsvSeparator),
    /// For programs: one `ExportLine` per line (`application/x-ndjson`).
    Ndjson,
}

impl ExportFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv(_) => "text/csv; charset=utf-8",
            ExportFormat::Ndjson => "application/x-ndjson",
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv(_) => "csv",
            ExportFormat::Ndjson => "ndjson",
        }
    }
}

const BATCH: i64 = 500;

struct State {
    pool: PgPool,
    tenant_id: TenantId,
    call: Call,
    zone: TimeZone,
    questions: Vec<Question>,
    filter: ListFilter,
    format: ExportFormat,
    header_sent: bool,
    done: bool,
}

/// The applying organisation, as an export line names it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ExportOrganisation {
    #[schema(value_type = String)]
    pub id: OrganisationId,
    pub name: String,
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    pub continent: String,
    pub level: String,
}

/// One submission of an NDJSON export: the CSV's row with exact values.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ExportLine {
    #[schema(value_type = String)]
    pub id: SubmissionId,
    pub status: String,
    pub title: String,
    pub summary: String,
    pub organisation: ExportOrganisation,
    /// Theme names, A to Z.
    pub themes: Vec<String>,
    /// For a call for solutions: the selected challenges the solution offers to help.
    pub offers: Vec<OfferedChallenge>,
    pub selected: bool,
    pub submitted_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    /// Answers by question id: a string, a list of chosen options, or a file reference.
    #[schema(value_type = Object)]
    pub answers: BTreeMap<QuestionId, Answer>,
}

impl ExportLine {
    fn new(
        s: &Submission,
        themes: Vec<String>,
        offers: Vec<OfferedChallenge>,
        answers: BTreeMap<QuestionId, Answer>,
    ) -> Self {
        ExportLine {
            id: s.id,
            status: s.status.as_str().to_string(),
            title: s.title.clone(),
            summary: s.summary.clone(),
            organisation: ExportOrganisation {
                id: s.organisation_id,
                name: s.organisation_name.clone(),
                country: s.country_code.clone(),
                continent: s.continent.clone(),
                level: s.level.as_str().to_string(),
            },
            themes,
            offers,
            selected: s.selected_at.is_some(),
            submitted_at: s.submitted_at,
            updated_at: s.updated_at,
            answers,
        }
    }

    /// The CSV row: several values one per line, times in `zone`.
    fn csv_row(&self, questions: &[Question], zone: TimeZone) -> Vec<String> {
        let mut row = vec![
            self.id.to_string(),
            self.status.clone(),
            self.title.clone(),
            self.summary.clone(),
            self.organisation.name.clone(),
            self.organisation.country.clone(),
            self.organisation.continent.clone(),
            self.organisation.level.clone(),
            self.themes.join("\n"),
            self.offers.iter().map(|o| o.title.as_str()).collect::<Vec<_>>().join("\n"),
            if self.selected { "yes".into() } else { "no".into() },
            self.submitted_at.map(|t| crate::spreadsheet::time_cell(t, zone)).unwrap_or_default(),
            crate::spreadsheet::time_cell(self.updated_at, zone),
        ];
        row.extend(questions.iter().map(|q| self.answers.get(&q.id).map(answer_cell).unwrap_or_default()));
        row
    }
}

fn header(questions: &[Question], zone: TimeZone) -> Vec<String> {
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
        "offers",
        "selected",
    ];
    let times = ["submitted_at", "updated_at"].map(|name| format!("{name} ({})", zone.name()));
    fixed.iter().map(|s| s.to_string()).chain(times).chain(questions.iter().map(|q| q.label.clone())).collect()
}

/// An answer as one cell: several chosen options one per line.
fn answer_cell(answer: &Answer) -> String {
    match answer {
        Answer::Many(items) => items.join("\n"),
        other => other.text(),
    }
}

fn to_csv(rows: &[Vec<String>], separator: CsvSeparator) -> Result<Bytes, csv::Error> {
    let mut writer = csv::WriterBuilder::new().delimiter(separator.byte()).from_writer(Vec::new());
    for row in rows {
        writer.write_record(row.iter().map(|cell| crate::spreadsheet::text_cell(cell).into_owned()))?;
    }
    writer.into_inner().map(Bytes::from).map_err(|e| csv::Error::from(e.into_error()))
}

fn to_ndjson(lines: &[ExportLine]) -> Result<Bytes, serde_json::Error> {
    let mut out = Vec::new();
    for line in lines {
        serde_json::to_writer(&mut out, line)?;
        out.push(b'\n');
    }
    Ok(Bytes::from(out))
}

/// The next batch of the list, with its answers, themes and offers: four queries a batch.
async fn next_lines(state: &mut State) -> Result<Vec<ExportLine>, anyhow::Error> {
    let mut conn = TenantTx::begin(&state.pool, state.tenant_id).await?;
    let page = store::list_for_call(&mut conn, store::CallKey::Id(state.call.id), &state.filter, BATCH).await?;
    if (page.len() as i64) < BATCH {
        state.done = true;
    }
    if let Some(last) = page.last() {
        state.filter.after = state.filter.sort().cursor_after(last);
    }
    let ids: Vec<SubmissionId> = page.iter().map(|s| s.id).collect();
    let mut answers: HashMap<SubmissionId, BTreeMap<QuestionId, Answer>> = HashMap::new();
    for (submission, question, answer) in store::answers_of(&mut conn, &ids).await? {
        answers.entry(submission).or_default().insert(question, answer.0);
    }
    let mut themes: HashMap<SubmissionId, Vec<String>> = HashMap::new();
    for (submission, name) in store::theme_names_of(&mut conn, &ids).await? {
        themes.entry(submission).or_default().push(name);
    }
    let mut offers: HashMap<SubmissionId, Vec<OfferedChallenge>> = HashMap::new();
    for (solution, challenge, title) in store::offers_of(&mut conn, &ids).await? {
        offers.entry(solution).or_default().push(OfferedChallenge { id: challenge, title });
    }
    conn.commit().await?;
    Ok(page
        .iter()
        .map(|s| {
            ExportLine::new(
                s,
                themes.remove(&s.id).unwrap_or_default(),
                offers.remove(&s.id).unwrap_or_default(),
                answers.remove(&s.id).unwrap_or_default(),
            )
        })
        .collect())
}

async fn next_batch(state: &mut State) -> Result<Bytes, anyhow::Error> {
    let lines = next_lines(state).await?;
    match state.format {
        ExportFormat::Ndjson => Ok(to_ndjson(&lines)?),
        ExportFormat::Csv(separator) => {
            let mut rows = Vec::with_capacity(lines.len() + 1);
            if !state.header_sent {
                state.header_sent = true;
                rows.push(header(&state.questions, state.zone));
            }
            rows.extend(lines.iter().map(|line| line.csv_row(&state.questions, state.zone)));
            Ok(to_csv(&rows, separator)?)
        }
    }
}

/// What an export is of: the call, its programme's time zone, the questions (in the form's
/// order) and the list's filters (the cursor is ignored: an export starts at the top).
pub struct ExportOf {
    pub tenant_id: TenantId,
    pub call: Call,
    pub zone: TimeZone,
    pub questions: Vec<Question>,
    pub filter: ListFilter,
}

/// The export, streamed. CSV starts with a UTF-8 byte-order mark, so spreadsheet programs read
/// accented names correctly.
pub fn stream(pool: PgPool, of: ExportOf, format: ExportFormat) -> ExportStream {
    let ExportOf { tenant_id, call, zone, questions, filter } = of;
    let filter = ListFilter { after: String::new(), ..filter };
    let state = State { pool, tenant_id, call, zone, questions, filter, format, header_sent: false, done: false };
    let bom = match format {
        ExportFormat::Csv(_) => Bytes::from_static("\u{feff}".as_bytes()),
        ExportFormat::Ndjson => Bytes::new(),
    };
    let start = stream::once(async move { Ok::<Bytes, anyhow::Error>(bom) });
    let batches = stream::unfold(state, |mut state| async move {
        if state.done {
            return None;
        }
        match next_batch(&mut state).await {
            Ok(bytes) => Some((Ok(bytes), state)),
            Err(error) => {
                tracing::error!(error = format!("{error:#}"), "export failed mid-stream");
                state.done = true;
                Some((Err(error), state))
            }
        }
    });
    // Fused: the body may poll once more after the end, which a bare `unfold` forbids.
    start.chain(batches).fuse().boxed()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone as _;

    use crate::i18n::TimeZone;

    #[test]
    fn cells_a_spreadsheet_would_evaluate_are_written_as_text() {
        for formula in
            ["=HYPERLINK(\"https://evil.example\",\"Open\")", "+1", "-2+3", "@SUM(1+1)", "\tx", "\rx", "＝1+1"]
        {
            assert_eq!(crate::spreadsheet::text_cell(formula), format!("'{formula}"));
        }
        for text in ["Equitable participation", "1-5", "a = b", "", "'quoted"] {
            assert_eq!(crate::spreadsheet::text_cell(text), text);
        }
    }

    #[test]
    fn times_are_written_as_spreadsheets_read_dates_in_the_programmes_zone() {
        let at =
            chrono::Utc.with_ymd_and_hms(2024, 1, 31, 22, 59, 0).unwrap() + chrono::Duration::microseconds(123_456);
        let paris = TimeZone::parse("Europe/Paris").unwrap();
        assert_eq!(crate::spreadsheet::time_cell(at, paris), "2024-01-31 23:59:00");
        assert_eq!(crate::spreadsheet::time_cell(at, TimeZone::UTC), "2024-01-31 22:59:00");
    }
}
