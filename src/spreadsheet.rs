//! What every CSV the platform writes must do for spreadsheets: a cell that begins like a formula
//! (`=`, `+`, `-`, `@`, a tab or a carriage return, or their full-width forms) is written with a
//! leading apostrophe, so a spreadsheet shows it as text and never runs it (OWASP, "CSV
//! Injection").

use std::borrow::Cow;

/// `cell` as a spreadsheet must read it: text, never a formula.
pub fn text_cell(cell: &str) -> Cow<'_, str> {
    const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];
    match cell.chars().next() {
        Some(first) if FORMULA_STARTS.contains(&first) => format!("'{cell}").into(),
        _ => cell.into(),
    }
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
}
