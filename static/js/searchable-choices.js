// Filter box of the admin's long checkbox lists (home/widgets.py: SearchableCheckboxes).
// Without this script, the list shows every choice.
(function () {
    "use strict";
    function normalise(text) {
        return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
    }
    function setUp(root) {
        if (root.dataset.searchableReady) return;
        root.dataset.searchableReady = "1";
        var input = root.querySelector(".searchable-choices__filter");
        var count = root.querySelector(".searchable-choices__count");
        var options = Array.prototype.slice.call(root.querySelectorAll(".searchable-choices__list label"));
        input.hidden = false;
        input.addEventListener("input", function () {
            var query = normalise(input.value);
            var shown = 0;
            options.forEach(function (label) {
                var item = label.closest("div") || label;
                var checkbox = label.querySelector("input");
                var match = !query || normalise(label.textContent).indexOf(query) !== -1 || (checkbox && checkbox.checked);
                item.hidden = !match;
                if (match) shown += 1;
            });
            count.hidden = !query;
            count.textContent = query ? shown + " / " + options.length : "";
        });
    }
    function setUpAll() {
        document.querySelectorAll("[data-searchable-choices]").forEach(setUp);
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", setUpAll);
    } else {
        setUpAll();
    }
    document.addEventListener("w-formset:ready", setUpAll);
})();
