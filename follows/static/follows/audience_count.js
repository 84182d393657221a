// The live count of a newsletter's audience in the editor: read the audience fields,
// ask the server how many people they reach, on load and on every change. Answers can
// arrive out of order: only the answer to the latest question is shown.
(function () {
  let latest = 0;
  function update(output) {
    const form = output.closest("form");
    if (!form) return;
    const params = new URLSearchParams();
    ["to_subscribers", "to_representatives", "to_participants"].forEach((name) => {
      const box = form.querySelector(`[name="${name}"]`);
      if (box && box.checked) params.set(name, "on");
    });
    ["audience_commune", "audience_intercommunality", "audience_theme"].forEach((name) => {
      const field = form.querySelector(`[name="${name}"]`);
      if (field && field.value) params.set(name, field.value);
    });
    const asked = ++latest;
    fetch(`${output.dataset.url}?${params}`, { credentials: "same-origin" })
      .then((response) => response.json())
      .then((data) => { if (asked === latest) output.textContent = data.count; })
      .catch(() => { if (asked === latest) output.textContent = "?"; });
  }
  function start() {
    const output = document.getElementById("newsletter-audience-count");
    if (!output) return;
    update(output);
    output.closest("form").addEventListener("change", () => update(output));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
