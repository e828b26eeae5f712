//! How every download names its file: always an attachment (never rendered in our origin), with
//! an ASCII fallback name and the real one encoded per RFC 6266 and RFC 8187, so a name in any
//! script (a round called «تقييم», a file called «été.pdf») reaches the browser intact and never
//! makes an invalid header.

use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::spreadsheet::CsvFile;

/// `Content-Disposition` for a download of `filename`.
pub fn content_disposition(filename: &str) -> String {
    let fallback: String = filename
        .chars()
        .map(|c| if c.is_ascii_graphic() && c != '\\' && c != '"' || c == ' ' { c } else { '_' })
        .collect();
    let encoded: String =
        url::form_urlencoded::byte_serialize(filename.as_bytes()).collect::<String>().replace('+', "%20");
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// A CSV file as a download: UTF-8 CSV, an attachment under its name.
impl IntoResponse for CsvFile {
    fn into_response(self) -> Response {
        (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, content_disposition(&self.filename)),
            ],
            self.bytes,
        )
            .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downloads_name_the_file_safely() {
        assert_eq!(
            content_disposition("Plan d'action été.pdf"),
            "attachment; filename=\"Plan d'action _t_.pdf\"; filename*=UTF-8''Plan%20d%27action%20%C3%A9t%C3%A9.pdf"
        );
        let arabic = content_disposition("ranking-تقييم.csv");
        assert!(axum::http::HeaderValue::from_str(&arabic).is_ok(), "{arabic}");
        assert!(arabic.starts_with("attachment; filename=\"ranking-_____.csv\""), "{arabic}");
    }
}
