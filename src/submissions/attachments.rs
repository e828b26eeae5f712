//! Files attached to answers: which documents are accepted (by their content, not their name or
//! the browser's word), how large, under which name they are kept, and where their bytes go.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::ids::{AttachmentId, SubmissionId, TenantId};

/// Largest file accepted, per attachment.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;
/// Largest upload request: a few attachments at their largest plus the form's text.
pub const MAX_UPLOAD_REQUEST_BYTES: usize = 4 * MAX_ATTACHMENT_BYTES + 1024 * 1024;
const MAX_FILENAME_CHARS: usize = 120;

/// The document types accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    Pdf,
    Odt,
    Docx,
}

impl DocumentKind {
    pub fn content_type(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "application/pdf",
            DocumentKind::Odt => "application/vnd.oasis.opendocument.text",
            DocumentKind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "pdf",
            DocumentKind::Odt => "odt",
            DocumentKind::Docx => "docx",
        }
    }

    /// What the bytes are, whatever the file is called.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"%PDF-") {
            Some(DocumentKind::Pdf)
        } else if bytes.starts_with(b"PK\x03\x04") {
            Self::sniff_archive(bytes)
        } else {
            None
        }
    }

    /// ODT and DOCX are ZIP archives: ODT names its type in a stored `mimetype` entry (ODF 1.2
    /// §3.3), DOCX has a content-types part and a `word/document.xml`.
    fn sniff_archive(bytes: &[u8]) -> Option<Self> {
        use std::io::Read;
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
        if archive.index_for_name("mimetype").is_some() {
            let mut declared = String::new();
            archive.by_name("mimetype").ok()?.take(128).read_to_string(&mut declared).ok()?;
            return (declared.trim() == DocumentKind::Odt.content_type()).then_some(DocumentKind::Odt);
        }
        let is_docx = archive.index_for_name("[Content_Types].xml").is_some()
            && archive.index_for_name("word/document.xml").is_some();
        is_docx.then_some(DocumentKind::Docx)
    }
}

/// An attachment as answers and versions hold it: enough to name and fetch the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FileRef {
    #[schema(value_type = String, format = Uuid)]
    pub attachment_id: AttachmentId,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
}

impl FileRef {
    /// "report.pdf (1.2 MB)", as answers are shown and exported.
    pub fn describe(&self) -> String {
        format!("{} ({})", self.filename, self.size())
    }
    pub fn size(&self) -> String {
        human_size(self.size_bytes)
    }
}

pub fn human_size(bytes: i64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} B")
    } else if b < KB * KB {
        format!("{:.0} KB", (b / KB).max(1.0))
    } else {
        format!("{:.1} MB", b / (KB * KB))
    }
}

/// An upload that passed the checks, not yet stored.
#[derive(Clone, Debug)]
pub struct CheckedUpload {
    pub file: FileRef,
    pub sha256: String,
    pub bytes: bytes::Bytes,
}

/// Checks an uploaded file: not empty, not too large, a PDF, ODT or DOCX by content, and named
/// like what it is. Errors are Fluent keys.
pub fn check_upload(raw_name: &str, bytes: bytes::Bytes) -> Result<CheckedUpload, &'static str> {
    if bytes.is_empty() {
        return Err("error-attachment-empty");
    }
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err("error-attachment-too-large");
    }
    let kind = DocumentKind::sniff(&bytes).ok_or("error-attachment-type")?;
    let filename = clean_filename(raw_name, kind);
    let named = filename.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase());
    if named.as_deref() != Some(kind.extension()) {
        // A DOCX called "report.pdf" is either a mistake or a trick; say what it really is.
        return Err(match kind {
            DocumentKind::Pdf => "error-attachment-named-wrongly-pdf",
            DocumentKind::Odt => "error-attachment-named-wrongly-odt",
            DocumentKind::Docx => "error-attachment-named-wrongly-docx",
        });
    }
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let file = FileRef {
        attachment_id: AttachmentId::new(),
        filename,
        content_type: kind.content_type().to_string(),
        size_bytes: bytes.len() as i64,
    };
    Ok(CheckedUpload { file, sha256, bytes })
}

/// The name a file is kept under: the last path segment, without control characters, at most
/// 120 characters (keeping the extension). A blank name becomes `attachment.<ext>`.
pub fn clean_filename(raw: &str, kind: DocumentKind) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last.chars().filter(|c| !c.is_control() && *c != '"').collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        return format!("attachment.{}", kind.extension());
    }
    if cleaned.chars().count() <= MAX_FILENAME_CHARS {
        return cleaned;
    }
    let (stem, ext) = cleaned.rsplit_once('.').unwrap_or((&cleaned, ""));
    let keep = MAX_FILENAME_CHARS.saturating_sub(ext.chars().count() + 1);
    let stem: String = stem.chars().take(keep).collect();
    if ext.is_empty() { stem } else { format!("{stem}.{ext}") }
}

/// Where an attachment's bytes live in the object store.
pub fn storage_key(tenant_id: TenantId, submission_id: SubmissionId, id: AttachmentId) -> object_store::path::Path {
    object_store::path::Path::from(format!("tenants/{tenant_id}/submissions/{submission_id}/{id}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ZIP archive of stored (uncompressed) entries.
    pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, content) in entries {
            writer.start_file(*name, options).unwrap();
            writer.write_all(content).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn documents_are_recognised_by_content() {
        assert_eq!(DocumentKind::sniff(b"%PDF-1.7\n%..."), Some(DocumentKind::Pdf));
        let odt = zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<x/>")]);
        assert_eq!(DocumentKind::sniff(&odt), Some(DocumentKind::Odt));
        let docx = zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("_rels/.rels", b"<Relationships/>"),
            ("word/document.xml", b"<w:document/>"),
        ]);
        assert_eq!(DocumentKind::sniff(&docx), Some(DocumentKind::Docx));
        let spreadsheet = zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")]);
        assert_eq!(DocumentKind::sniff(&spreadsheet), None);
        assert_eq!(DocumentKind::sniff(b"<html><body>%PDF-1.7</body></html>"), None);
        assert_eq!(DocumentKind::sniff(&zip_of(&[("evil.exe", b"MZ")])), None);
        assert_eq!(DocumentKind::sniff(b"PK\x03\x04 not really a zip"), None);
        assert_eq!(DocumentKind::sniff(b"MZ\x90\x00"), None);
    }

    #[test]
    fn uploads_are_checked_for_size_type_and_name() {
        let pdf = |n: usize| {
            let mut b = b"%PDF-1.4\n".to_vec();
            b.resize(n, b'x');
            bytes::Bytes::from(b)
        };
        assert!(check_upload("plan.pdf", pdf(MAX_ATTACHMENT_BYTES)).is_ok());
        assert_eq!(check_upload("plan.pdf", pdf(MAX_ATTACHMENT_BYTES + 1)).unwrap_err(), "error-attachment-too-large");
        assert_eq!(check_upload("plan.pdf", bytes::Bytes::new()).unwrap_err(), "error-attachment-empty");
        assert_eq!(
            check_upload("plan.pdf", bytes::Bytes::from_static(b"<script>alert(1)</script>")).unwrap_err(),
            "error-attachment-type"
        );
        assert_eq!(check_upload("plan.docx", pdf(100)).unwrap_err(), "error-attachment-named-wrongly-pdf");
        let checked = check_upload("C:\\Users\\me\\Plan.PDF", pdf(100)).unwrap();
        assert_eq!(checked.file.filename, "Plan.PDF");
        assert_eq!(checked.file.content_type, "application/pdf");
        assert_eq!(checked.file.size_bytes, 100);
    }

    #[test]
    fn filenames_are_cleaned_and_shortened_keeping_the_extension() {
        assert_eq!(clean_filename("../../etc/passwd\u{0}.pdf", DocumentKind::Pdf), "passwd.pdf");
        assert_eq!(clean_filename("  ", DocumentKind::Odt), "attachment.odt");
        let long = format!("{}.docx", "é".repeat(300));
        let cleaned = clean_filename(&long, DocumentKind::Docx);
        assert_eq!(cleaned.chars().count(), 120);
        assert!(cleaned.ends_with(".docx"));
    }
}
