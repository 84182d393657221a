// French admin: wagtail-localize's editor writes two strings that no catalogue can
// reach (a hard-coded "X to Y translation" title, and "Publish in " whose French
// translation lost its space). Rewritten in place when the admin is in French.
(function () {
    "use strict";
    if ((document.documentElement.lang || "").slice(0, 2) !== "fr") return;
    var TITLE = /^(.+) to (.+) translation$/;
    var PUBLISH = /^Publier dans(?=\S)/;
    function fix(node) {
        var text = node.nodeValue;
        if (!text) return;
        var match = TITLE.exec(text.trim());
        if (match) {
            node.nodeValue = "Traduction : " + match[1] + " → " + match[2];
            return;
        }
        if (PUBLISH.test(text)) node.nodeValue = text.replace(PUBLISH, "Publier en ");
    }
    function walk(root) {
        var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        var node;
        while ((node = walker.nextNode())) fix(node);
    }
    function start() {
        walk(document.body);
        new MutationObserver(function (mutations) {
            mutations.forEach(function (mutation) {
                mutation.addedNodes.forEach(function (added) {
                    if (added.nodeType === Node.TEXT_NODE) fix(added);
                    else if (added.nodeType === Node.ELEMENT_NODE) walk(added);
                });
                if (mutation.type === "characterData") fix(mutation.target);
            });
        }).observe(document.body, { childList: true, subtree: true, characterData: true });
    }
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
})();
