//! What every CSV the platform writes must do for spreadsheets: a cell that begins like a formula
//! (`=`, `+`, `-`, `@`, a tab or a carriage return, or their full-width forms) is written with a
//! leading apostrophe, so a spreadsheet shows it as text and never runs it (OWASP, "CSV
//! Injection"). Every CSV starts with a UTF-8 byte-order mark and downloads under a name any
//! script can hold ([`CsvTable`], [`CsvFile`]); the submissions export streams its own rows by the
//! same rules.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::error::AppError;
use crate::i18n::TimeZone;

/// `cell` as a spreadsheet must read it: text, never a formula.
pub fn text_cell(cell: &str) -> Cow<'_, str> {
    const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];
    match cell.chars().next() {
        Some(first) if FORMULA_STARTS.contains(&first) => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// An instant as spreadsheets read a date and time in any locale: `2024-01-31 23:59:00`, in
/// `zone`, without fractions of a second (the column's heading names the zone).
pub fn time_cell(at: DateTime<Utc>, zone: TimeZone) -> String {
    at.with_timezone(&zone.tz()).format("%Y-%m-%d %H:%M:%S").to_string()
}

/// A CSV file being written for spreadsheets: a UTF-8 byte-order mark first (so spreadsheet
/// programs read accents and other scripts right), a heading row, then the rows. Text cells go
/// through [`text_cell`] ([`CsvTable::text`]); figures are written as they are, so a negative
/// number stays a number.
pub struct CsvTable {
    writer: csv::Writer<Vec<u8>>,
}

impl CsvTable {
    /// A table with its heading row.
    pub fn new<I, S>(heading: I) -> Result<Self, AppError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut writer = csv::Writer::from_writer("\u{feff}".as_bytes().to_vec());
        writer.write_record(heading.into_iter().map(|h| text_cell(h.as_ref()).into_owned())).map_err(csv_error)?;
        Ok(CsvTable { writer })
    }

    /// A text cell, safe for spreadsheets.
    pub fn text(cell: &str) -> String {
        text_cell(cell).into_owned()
    }

    /// Writes a row of cells, already made safe (text through [`CsvTable::text`]).
    pub fn row(&mut self, cells: &[String]) -> Result<(), AppError> {
        self.writer.write_record(cells).map_err(csv_error)
    }

    /// The finished file, named `{prefix}-{name}.csv` with `name` lower-cased and every run of
    /// characters that are neither letters nor digits made one hyphen (the download header
    /// encodes the rest).
    pub fn finish(self, prefix: &str, name: &str) -> Result<CsvFile, AppError> {
        let bytes = self.writer.into_inner().map_err(|e| AppError::Internal(anyhow::anyhow!("the CSV buffer: {e}")))?;
        let mut slug = String::new();
        for c in name.chars() {
            if c.is_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let name = slug.trim_end_matches('-');
        Ok(CsvFile { filename: format!("{prefix}-{name}.csv"), bytes })
    }
}

fn csv_error(e: csv::Error) -> AppError {
    AppError::Internal(anyhow::anyhow!("writing a CSV failed: {e}"))
}

/// A finished CSV file, for download (`web::download` makes it a response).
#[derive(Debug)]
pub struct CsvFile {
    pub filename: String,
    pub bytes: Vec<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_the_rest_is_left_alone() {
        assert_eq!(text_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text_cell("＋1"), "'＋1");
        assert_eq!(text_cell("Open budgets"), "Open budgets");
        assert_eq!(text_cell(""), "");
    }

    #[test]
    fn a_table_starts_with_a_byte_order_mark_and_names_its_file_by_the_name_given() {
        let mut table = CsvTable::new(["title", "score"]).unwrap();
        table.row(&[CsvTable::text("=cmd"), "-0.35".to_string()]).unwrap();
        let file = table.finish("ranking", "Long list 2024").unwrap();
        assert_eq!(file.filename, "ranking-long-list-2024.csv");
        let punctuated = CsvTable::new(["x"]).unwrap().finish("reviews", "« Teams — OECD, 2024! »").unwrap();
        assert_eq!(punctuated.filename, "reviews-teams-oecd-2024.csv");
        assert_eq!(String::from_utf8(file.bytes).unwrap(), "\u{feff}title,score\n'=cmd,-0.35\n");
    }
}
