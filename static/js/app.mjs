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
  // A form shown again after a refused save holds typing that is not saved yet.
  const dirty = new Set(guarded.filter((form) => form.hasAttribute("data-ss-unsaved")));
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

// A link to a field on another page (an error's link on "Check your answers") lands with the
// field at the top of the window, its label and error above it out of sight: bring the question
// into view and focus the field, as the error summary does for links on its own page.
if (window.location.hash.length > 1) {
  const field = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
  const group = field?.closest(".govuk-form-group");
  if (field && group && ["INPUT", "TEXTAREA", "SELECT"].includes(field.tagName)) {
    const question = group.querySelector("legend, label") ?? group;
    question.scrollIntoView();
    field.focus({ preventScroll: true });
  }
}
