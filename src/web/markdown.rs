//! Markdown written by staff, rendered to HTML and sanitised (ammonia) before it reaches a page.

/// HTML that went through the sanitiser; the only HTML templates may print unescaped.
#[derive(Clone, Debug, Default)]
pub struct SanitisedHtml(String);

impl SanitisedHtml {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for SanitisedHtml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub fn render(markdown: &str) -> SanitisedHtml {
    let parser = pulldown_cmark::Parser::new_ext(
        markdown,
        pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_STRIKETHROUGH,
    );
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    let clean = ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .clean(&html)
        .to_string();
    SanitisedHtml(clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html_without_scripts() {
        let html = render(
            "**Eligible**: national teams.\n\n<script>alert(1)</script>\n\n[site](javascript:alert(1)) [ok](https://oecd.org)",
        );
        assert!(html.as_str().contains("<strong>Eligible</strong>"));
        assert!(!html.as_str().contains("<script"));
        assert!(!html.as_str().contains("javascript:"));
        assert!(html.as_str().contains("href=\"https://oecd.org\""));
        assert!(html.as_str().contains("rel=\"noopener noreferrer\""));
    }
}
