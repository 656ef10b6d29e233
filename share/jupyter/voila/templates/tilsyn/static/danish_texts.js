/*
 * Danish for the texts Voilà's front end writes into an app page while it loads.
 *
 * * The loading screen's step counter. Voilà's page calls window.voila_process(i, n) before
 *   each cell and writes "Executing i of n" (base/voila_setup.macro.html.j2); this script
 *   replaces that function, so it runs after Voilà's helper functions (index.html.j2,
 *   body_header) and before the first cell.
 * * The widget placeholders of @jupyter-widgets/jupyterlab-manager: "Loading widget..." while
 *   a widget is drawn, "Error displaying widget[: model not found]" when it cannot be, and
 *   the "Javascript Error: ..." that Voilà's output renderer writes. Those are set with
 *   textContent from code this template cannot reach, so a MutationObserver rewrites them as
 *   they are added to the page.
 *
 * The loading screen's first heading and a cell that failed are Danish in the HTML already
 * (spinner.macro.html.j2, index.html.j2).
 */
(function () {
  "use strict";

  var WIDGET_LOADING = "Indlæses …";
  var WIDGET_FAILED = "Denne del af appen kan ikke vises. Genindlæs siden for at prøve igen.";

  function stepText(index, count) {
    return "Appen gøres klar: trin " + index + " af " + count;
  }

  var upstreamProcess = window.voila_process;
  var upstreamUpdate = window.update_loading_text;

  // Same behaviour as Voilà's update_loading_text (shows the loading screen again if it was
  // hidden), with Danish text and without writing HTML.
  function updateLoadingText(index, count, text) {
    var spinner = document.getElementById("loading");
    if (spinner && spinner.style.display === "none") {
      spinner.style.display = "flex";
    }
    var heading = document.getElementById("loading_text");
    if (heading) {
      heading.textContent = text !== undefined && text !== null ? text : stepText(index, count);
    }
  }

  window.update_loading_text = updateLoadingText;
  // Only when Voilà's default is in use; a page given its own voila_process keeps it.
  if (upstreamProcess === undefined || upstreamProcess === upstreamUpdate) {
    window.voila_process = updateLoadingText;
  }

  // Whole texts the widget renderer sets, and the prefix of the output renderer's message.
  var EXACT = {
    "Loading widget...": WIDGET_LOADING,
    "Error displaying widget": WIDGET_FAILED,
    "Error displaying widget: model not found": WIDGET_FAILED,
  };
  var PREFIXES = [["Javascript Error:", WIDGET_FAILED]];
  var SUSPECT = /Loading widget\.\.\.|Error displaying widget|Javascript Error:/;

  function danish(text) {
    var trimmed = text.trim();
    if (Object.prototype.hasOwnProperty.call(EXACT, trimmed)) {
      return EXACT[trimmed];
    }
    for (var i = 0; i < PREFIXES.length; i += 1) {
      if (trimmed.indexOf(PREFIXES[i][0]) === 0) {
        return PREFIXES[i][1];
      }
    }
    return null;
  }

  function translateText(node) {
    var replacement = danish(node.data);
    if (replacement !== null) {
      node.data = replacement;
    }
  }

  function translate(node) {
    if (node.nodeType === Node.TEXT_NODE) {
      translateText(node);
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE || !SUSPECT.test(node.textContent || "")) {
      return;
    }
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (var text = walker.nextNode(); text; text = walker.nextNode()) {
      translateText(text);
    }
  }

  function start() {
    translate(document.body);
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        record.addedNodes.forEach(translate);
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.body) {
    start();
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
