// Progressive enhancement only: every page works without it.
// After a form is sent with mistakes, move focus to the error summary (which scrolls it
// into view and has screen readers announce it); a page may ask for focus elsewhere
// with data-focus-on-load (a confirmation step, for instance).
document.addEventListener("DOMContentLoaded", () => {
    const target = document.getElementById("error-summary") || document.querySelector("[data-focus-on-load]");
    if (target) {
        if (!target.hasAttribute("tabindex")) {
            target.setAttribute("tabindex", "-1");
        }
        target.scrollIntoView({ block: "start" });
        target.focus({ preventScroll: true });
    }
});
