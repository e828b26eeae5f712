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

/// Markdown of a comment inside a page: `render`'s sanitising, and no headings (they would break
/// the page's outline: their text stays, as a paragraph's), images, or disclosure widgets.
pub fn render_comment(markdown: &str) -> SanitisedHtml {
    let html = render(markdown);
    let clean = ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .rm_tags(["h1", "h2", "h3", "h4", "h5", "h6", "img", "details", "summary"])
        .clean(html.as_str())
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

    #[test]
    fn a_comment_has_no_headings_images_or_widgets_and_keeps_their_text() {
        let html = render_comment(
            "# Big\n\n**bold**\n\n![alt](https://example.org/x.png) <img src=x onerror=alert(1)>\n\n<details><summary>S</summary>D</details>",
        );
        let html = html.as_str();
        for gone in ["<h1", "<img", "<details", "<summary", "onerror"] {
            assert!(!html.contains(gone), "{gone} in {html}");
        }
        assert!(html.contains("Big") && html.contains("<strong>bold</strong>"), "{html}");
    }
}
