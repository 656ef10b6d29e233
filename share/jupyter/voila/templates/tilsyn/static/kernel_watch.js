/*
 * Tells the user when the page's kernel has ended, and blocks input from then on.
 *
 * The server shuts idle kernels down (voila.py); a page whose kernel is gone still shows its
 * widgets, but nothing typed into them reaches anyone. This script asks the server for the
 * kernel's model (GET <base>api/kernels/<id>, the request Voilà's own widget manager makes
 * at start-up): a 404 means the kernel has ended. Reading the model does not count as kernel
 * activity in jupyter_server, so the check never keeps a kernel alive.
 *
 * It asks every `tilsynKernelCheckSeconds` (page config, set by voila.py), when the tab
 * becomes visible again, and on the first key press, click or focus after a quiet moment -
 * so a keystroke into a dead page shows the notice at once instead of vanishing.
 *
 * The request carries the page's _xsrf cookie as X-XSRFToken, as JupyterLab's own requests
 * do: behind JupyterHub a request that is not a page navigation is only signed in with it.
 *
 * The notice and its Danish text are the <template id="tilsyn-kernel-ended-template"> in
 * index.html.j2; its look is kernel_watch.css.
 */
(function () {
  "use strict";

  // Failed requests in a row before the page says the server does not answer; after a
  // failure the next request follows soon.
  var FAILURES_BEFORE_UNREACHABLE = 2;
  var RETRY_MS = 3000;
  // An input event triggers a check at most this often.
  var INPUT_CHECK_GAP_MS = 2000;
  var DEFAULT_CHECK_SECONDS = 30;

  var kernelUrl = null;

  function xsrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)_xsrf=([^;]*)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  var checkMs = DEFAULT_CHECK_SECONDS * 1000;
  var timer = null;
  var inFlight = false;
  var lastCheck = 0;
  var failures = 0;
  var sawOutage = false;
  var shown = null; // null, "unreachable" or "ended"

  function pageConfig() {
    var element = document.getElementById("jupyter-config-data");
    if (!element) {
      return null;
    }
    try {
      return JSON.parse(element.textContent);
    } catch (error) {
      return null;
    }
  }

  function schedule(delayMs) {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, delayMs);
  }

  function check() {
    if (shown === "ended" || inFlight || kernelUrl === null) {
      return;
    }
    inFlight = true;
    lastCheck = Date.now();
    window
      .fetch(kernelUrl, {
        cache: "no-store",
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-XSRFToken": xsrfToken() },
      })
      .then(function (response) {
        if (response.status === 404) {
          return "gone";
        }
        if (!response.ok) {
          return "unknown";
        }
        return response.json().then(function (model) {
          return model && model.execution_state === "dead" ? "gone" : "alive";
        });
      })
      .catch(function () {
        return "unreachable";
      })
      .then(function (state) {
        inFlight = false;
        react(state);
        if (shown !== "ended") {
          schedule(state === "unreachable" ? Math.min(checkMs, RETRY_MS) : checkMs);
        }
      });
  }

  function react(state) {
    if (state === "unreachable") {
      failures += 1;
      if (failures >= FAILURES_BEFORE_UNREACHABLE) {
        sawOutage = true;
        show("unreachable");
      }
      return;
    }
    failures = 0;
    if (state === "gone") {
      show(sawOutage ? "restarted" : "idle");
    } else if (state === "alive" && shown === "unreachable") {
      hide();
    }
  }

  function overlay() {
    return document.getElementById("tilsyn-kernel-ended");
  }

  function show(reason) {
    var existing = overlay();
    if (!existing) {
      var template = document.getElementById("tilsyn-kernel-ended-template");
      if (!template) {
        return;
      }
      existing = template.content.firstElementChild.cloneNode(true);
      existing.querySelector("button").addEventListener("click", function () {
        window.location.reload();
      });
      document.body.appendChild(existing);
    }
    existing.querySelectorAll("[data-reason]").forEach(function (part) {
      part.hidden = part.getAttribute("data-reason") !== reason;
    });
    existing.setAttribute("data-reason", reason);
    existing.setAttribute("aria-labelledby", "tilsyn-kernel-ended-" + reason);
    shown = reason === "unreachable" ? "unreachable" : "ended";
    // Everything else becomes inert: no focus, no clicks, no typing into the dead widgets.
    Array.prototype.forEach.call(document.body.children, function (child) {
      if (child !== existing) {
        child.inert = true;
      }
    });
    existing.querySelector("button").focus();
  }

  function hide() {
    var existing = overlay();
    if (existing) {
      existing.remove();
    }
    Array.prototype.forEach.call(document.body.children, function (child) {
      child.inert = false;
    });
    shown = null;
  }

  function checkSoon() {
    if (Date.now() - lastCheck >= INPUT_CHECK_GAP_MS) {
      check();
    }
  }

  function start() {
    var config = pageConfig();
    if (!config || !config.kernelId) {
      return;
    }
    var base = config.baseUrl || "/";
    kernelUrl = base.replace(/\/?$/, "/") + "api/kernels/" + encodeURIComponent(config.kernelId);
    var seconds = Number(config.tilsynKernelCheckSeconds);
    if (seconds > 0) {
      checkMs = seconds * 1000;
    }
    ["keydown", "pointerdown", "focusin"].forEach(function (type) {
      document.addEventListener(type, checkSoon, true);
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") {
        checkSoon();
      }
    });
    // Voilà's front end asks the server to shut the kernel down when the page is left; once
    // the kernel is gone that request can only fail, so it is not sent.
    window.addEventListener(
      "beforeunload",
      function (event) {
        if (shown === "ended") {
          event.stopImmediatePropagation();
        }
      },
      true
    );
    lastCheck = Date.now();
    schedule(checkMs);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
