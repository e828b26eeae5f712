// Progressive enhancement only: every page works without this file.
import { initAll } from "/static/vendor/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Remember the browser's time zone so that signed-out readers see times in their own zone.
try {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && !document.cookie.split("; ").some((c) => c === `tz=${encodeURIComponent(zone)}`)) {
    document.cookie = `tz=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
  }
} catch (_) {
  // Old browsers: times stay in UTC, with the zone named.
}

// Forms that edit something warn before the page is left with typing not yet saved: pressing
// the form's own button saves, so only other ways out (links, back, closing) ask first.
const guarded = [...document.querySelectorAll("form[data-ss-unsaved-warning]")];
if (guarded.length > 0) {
  const dirty = new Set();
  for (const form of guarded) {
    const mark = () => dirty.add(form);
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", () => dirty.clear());
  }
  window.addEventListener("beforeunload", (event) => {
    if (dirty.size > 0) {
      event.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      event.returnValue = "";
    }
  });
}
